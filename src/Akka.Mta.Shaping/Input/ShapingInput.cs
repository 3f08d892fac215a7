using Akka.Mta.Shaping.Diagnostics;
using Akka.Mta.Shaping.Model;
using Akka.Mta.Toml;

namespace Akka.Mta.Shaping.Input;

/// <summary>The content of one shaping source and the name it is known by (its path, or a URL).</summary>
public sealed record ShapingInput(string Name, ReadOnlyMemory<byte> Content)
{
    public static ShapingInput FromText(string name, string text) => new(name, System.Text.Encoding.UTF8.GetBytes(text));
}

/// <summary>Reads shaping sources: the format from the name (<c>.toml</c>, <c>.json</c>, else TOML then JSON).</summary>
public static class ShapingFileReader
{
    /// <summary>Reads a local file; a file that cannot be read is reported at <paramref name="level"/> and gives null.</summary>
    public static ShapingInput? ReadFile(string path, DiagnosticBag diagnostics, CheckLevel level = CheckLevel.Error)
    {
        try
        {
            return new ShapingInput(path, File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            diagnostics.Report(level, new TomlPosition(path, 0, 0), "", $"cannot read the file: {e.Message}");
            return null;
        }
    }

    /// <summary>Parses one source into checked blocks; a syntax error is reported and gives an empty file.</summary>
    public static ShapingFile Parse(ShapingInput input, ShapingParseOptions options, DiagnosticBag diagnostics)
    {
        var root = ParseRoot(input, diagnostics);
        return root is null ? ShapingFile.Empty(input.Name) : ShapingFileParser.Parse(root, input.Name, options, diagnostics);
    }

    private static TomlTable? ParseRoot(ShapingInput input, DiagnosticBag diagnostics)
    {
        var name = input.Name;
        var bytes = input.Content.Span;
        if (name.EndsWith(".toml", StringComparison.OrdinalIgnoreCase))
        {
            return Try(() => TomlParser.Parse(input.Content.Span, name).Root, diagnostics);
        }
        if (name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return Try(() => JsonToToml.Parse(input.Content.Span, name), diagnostics);
        }
        try
        {
            return TomlParser.Parse(bytes, name).Root;
        }
        catch (TomlException asToml)
        {
            try
            {
                return JsonToToml.Parse(input.Content.Span, name);
            }
            catch (TomlException asJson)
            {
                diagnostics.Error(new TomlPosition(name, 0, 0), "",
                    $"cannot read as TOML ({asToml.Message}) nor as JSON ({asJson.Message}); name the file .toml or .json to pick one");
                return null;
            }
        }
    }

    private static TomlTable? Try(Func<TomlTable> parse, DiagnosticBag diagnostics)
    {
        try
        {
            return parse();
        }
        catch (TomlException e)
        {
            diagnostics.Error(e.Position, "", e.Reason);
            return null;
        }
    }
}
