using System.Text;
using Akka.Mta.Toml.Parsing;
using Akka.Mta.Toml.Storage;

namespace Akka.Mta.Toml;

/// <summary>
/// Reads TOML 1.0.0 into a <see cref="TomlDocument"/>. Input is strict UTF-8 with at most one
/// leading byte-order mark. Every failure is a <see cref="TomlException"/> with file, line and column.
/// </summary>
public static class TomlParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Parses UTF-8 bytes (for example <c>File.ReadAllBytes(path)</c>).</summary>
    /// <param name="utf8">The document.</param>
    /// <param name="fileName">Named in positions and errors (<c>shaping.toml:12:7</c>); null for none.</param>
    /// <param name="options">Limits; <see cref="TomlParserOptions.Default"/> when null.</param>
    public static TomlDocument Parse(ReadOnlySpan<byte> utf8, string? fileName = null, TomlParserOptions? options = null)
    {
        using var document = new CompactDocumentBuilder(utf8.Length);
        var reader = new TomlReader(utf8, fileName, options ?? TomlParserOptions.Default, document);
        return reader.ReadDocument();
    }

    /// <summary>Parses text already decoded to a string.</summary>
    public static TomlDocument Parse(string text, string? fileName = null, TomlParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        byte[] bytes;
        try
        {
            bytes = StrictUtf8.GetBytes(text);
        }
        catch (EncoderFallbackException e)
        {
            throw new TomlException($"the text holds an unpaired surrogate at character {e.Index}", new TomlPosition(fileName, 0, 0));
        }
        return Parse(bytes, fileName, options);
    }
}
