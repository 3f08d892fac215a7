using System.CommandLine;
using System.Text.Json;
using Akka.Mta.Toml;

namespace Akka.Mta.Node.Commands;

/// <summary>
/// <c>akka-mta toml decode [FILE]</c> and <c>akka-mta toml encode [FILE]</c>: the toml-test
/// decoder and encoder protocols. Decode reads TOML and prints its tagged JSON; encode reads tagged
/// JSON and prints TOML. Both read standard input without FILE, exit 0 on success, print the error
/// on stderr and exit 1 on bad input (<c>file:line:column: message</c> for TOML), and exit 2 when
/// the input cannot be read.
/// </summary>
internal static class TomlCommand
{
    public static Command Create() => new("toml", "TOML tools: toml-test decoder and encoder")
    {
        Verb("decode", "print a TOML document as toml-test tagged JSON, or its error on stderr (exit 1)", "the TOML file", Decode),
        Verb("encode", "print toml-test tagged JSON as a TOML document, or its error on stderr (exit 1)", "the tagged JSON file", Encode),
    };

    private static Command Verb(string name, string description, string what, Func<byte[], string, TextWriter, TextWriter, int> run)
    {
        var file = new Argument<string?>("FILE") { Description = $"{what}; standard input when absent", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command(name, description) { file };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file);
            byte[] bytes;
            try
            {
                bytes = path is null ? await ReadAllAsync(Console.OpenStandardInput(), cancellationToken) : await File.ReadAllBytesAsync(path, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"akka-mta toml {name}: cannot read {path ?? "standard input"}: {e.Message}");
                return 2;
            }
            return run(bytes, path ?? "<stdin>", parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
        });
        return command;
    }

    private static int Decode(byte[] bytes, string name, TextWriter output, TextWriter error)
    {
        TomlDocument document;
        try
        {
            document = TomlParser.Parse(bytes, name);
        }
        catch (TomlException e)
        {
            error.WriteLine(e.Message);
            return 1;
        }
        output.WriteLine(TomlTaggedJson.Write(document.Root));
        return 0;
    }

    private static int Encode(byte[] bytes, string name, TextWriter output, TextWriter error)
    {
        TomlTable root;
        try
        {
            using var json = JsonDocument.Parse(bytes);
            root = TomlTaggedJson.Read(json.RootElement);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            error.WriteLine($"{name}: {e.Message}");
            return 1;
        }
        output.Write(TomlWriter.Write(root));
        return 0;
    }

    private static async Task<byte[]> ReadAllAsync(Stream input, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await input.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }
}
