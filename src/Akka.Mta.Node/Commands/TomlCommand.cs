using System.CommandLine;
using Akka.Mta.Toml;

namespace Akka.Mta.Node.Commands;

/// <summary>
/// <c>akka-mta toml decode [FILE]</c>: the toml-test decoder protocol. Reads TOML from FILE (stdin
/// when absent), prints its tagged JSON on stdout and exits 0, or prints the error on stderr
/// (<c>file:line:column: message</c>) and exits 1. A file that cannot be read exits 2.
/// </summary>
internal static class TomlCommand
{
    public static Command Create()
    {
        var file = new Argument<string?>("FILE")
        {
            Description = "the TOML file to decode; standard input when absent",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var decode = new Command("decode", "print a TOML document as toml-test tagged JSON, or its error on stderr (exit 1)") { file };
        decode.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var path = parse.GetValue(file);
            byte[] bytes;
            try
            {
                bytes = path is null ? await ReadAllAsync(Console.OpenStandardInput(), cancellationToken) : await File.ReadAllBytesAsync(path, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"akka-mta toml decode: cannot read {path ?? "standard input"}: {e.Message}");
                return 2;
            }
            return await DecodeAsync(bytes, path ?? "<stdin>", output, error);
        });
        return new Command("toml", "TOML tools: decode a file as toml-test tagged JSON") { decode };
    }

    private static async Task<int> DecodeAsync(byte[] bytes, string name, TextWriter output, TextWriter error)
    {
        TomlDocument document;
        try
        {
            document = TomlParser.Parse(bytes, name);
        }
        catch (TomlException e)
        {
            await error.WriteLineAsync(e.Message);
            return 1;
        }
        await output.WriteLineAsync(TomlTaggedJson.Write(document.Root));
        return 0;
    }

    private static async Task<byte[]> ReadAllAsync(Stream input, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await input.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }
}
