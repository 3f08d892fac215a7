using System.Text.Json;
using Akka.Mta.Toml;

namespace Akka.Mta.Shaping.Input;

/// <summary>
/// Reads a JSON shaping file (comments and trailing commas allowed) into the same positioned node
/// model a TOML file gives, so everything downstream handles both alike. Positions are 1-based
/// line and column (in characters) of each value and key; duplicate keys are refused as in TOML.
/// </summary>
public static class JsonToToml
{
    private static readonly JsonReaderOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 128,
    };

    /// <summary>The root object of <paramref name="utf8"/>; throws <see cref="TomlException"/> with the position of the first problem.</summary>
    public static TomlTable Parse(ReadOnlySpan<byte> utf8, string? fileName)
    {
        if (utf8.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            utf8 = utf8[3..];
        }
        var lines = new LineMap(utf8, fileName);
        if (utf8.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new TomlException("the file is empty: expected a JSON object", lines.At(0));
        }
        var reader = new Utf8JsonReader(utf8, Options);
        try
        {
            if (!reader.Read())
            {
                throw new TomlException("the file is empty: expected a JSON object", lines.At(0));
            }
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new TomlException($"expected a JSON object at the top level, found {Describe(reader.TokenType)}", lines.At(reader.TokenStartIndex));
            }
            var root = ReadObject(ref reader, lines, TomlTableKind.Document);
            if (reader.Read())
            {
                throw new TomlException($"unexpected {Describe(reader.TokenType)} after the top-level object", lines.At(reader.TokenStartIndex));
            }
            return root;
        }
        catch (JsonException e)
        {
            var position = new TomlPosition(fileName, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1);
            throw new TomlException(CleanMessage(e.Message), position);
        }
    }

    private static TomlTable ReadObject(ref Utf8JsonReader reader, LineMap lines, TomlTableKind kind)
    {
        var table = new TomlTable(kind, lines.At(reader.TokenStartIndex));
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var keyPosition = lines.At(reader.TokenStartIndex);
            var key = reader.GetString()!;
            if (table.TryGetEntry(key, out var first))
            {
                throw new TomlException($"duplicate key \"{key}\" (first defined at {first.KeyPosition.ToLineColumn()})", keyPosition);
            }
            reader.Read();
            table.Add(key, ReadValue(ref reader, lines), keyPosition);
        }
        return table;
    }

    private static TomlNode ReadValue(ref Utf8JsonReader reader, LineMap lines)
    {
        var position = lines.At(reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                return ReadObject(ref reader, lines, TomlTableKind.Inline);
            case JsonTokenType.StartArray:
                var array = new TomlArray(false, position);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    array.Add(ReadValue(ref reader, lines));
                }
                return array;
            case JsonTokenType.String:
                return new TomlString(reader.GetString()!, TomlStringStyle.Basic, position);
            case JsonTokenType.Number:
                return reader.TryGetInt64(out var integer)
                    ? new TomlInteger(integer, TomlIntegerFormat.Decimal, position)
                    : new TomlFloat(reader.GetDouble(), position);
            case JsonTokenType.True:
                return new TomlBoolean(true, position);
            case JsonTokenType.False:
                return new TomlBoolean(false, position);
            default:
                throw new TomlException($"{Describe(reader.TokenType)} is not allowed here: shaping values are strings, numbers, booleans, arrays or objects", position);
        }
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.Null => "null",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        _ => token.ToString(),
    };

    /// <summary>Drops System.Text.Json's own "LineNumber: n | BytePositionInLine: m." suffix: the position says it.</summary>
    private static string CleanMessage(string message)
    {
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (at > 0 ? message[..at] : message).TrimEnd();
    }

    /// <summary>Byte offsets to 1-based line and character column.</summary>
    private sealed class LineMap
    {
        private readonly List<int> _lineStarts = [0];
        private readonly byte[] _text;
        private readonly string? _file;

        public LineMap(ReadOnlySpan<byte> utf8, string? file)
        {
            _text = utf8.ToArray();
            _file = file;
            for (var i = 0; i < utf8.Length; i++)
            {
                if (utf8[i] == (byte)'\n')
                {
                    _lineStarts.Add(i + 1);
                }
            }
        }

        public TomlPosition At(long offset)
        {
            var index = _lineStarts.BinarySearch((int)offset);
            var line = index >= 0 ? index : ~index - 1;
            var column = 1;
            for (var i = _lineStarts[line]; i < offset && i < _text.Length; i++)
            {
                if ((_text[i] & 0xC0) != 0x80)
                {
                    column++;
                }
            }
            return new TomlPosition(_file, line + 1, column);
        }
    }
}
