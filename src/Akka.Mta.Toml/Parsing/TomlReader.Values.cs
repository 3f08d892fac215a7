using System.Buffers;
using Akka.Mta.Toml.Storage;

namespace Akka.Mta.Toml.Parsing;

/// <summary>Values: dispatch on the first byte; arrays and inline tables.</summary>
internal ref partial struct TomlReader
{
    /// <summary>Bytes a bare token (an unquoted word, number or date) is made of, for messages.</summary>
    private static readonly SearchValues<byte> TokenBytes =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-+.:"u8);

    /// <summary>The value at <see cref="_pos"/> as a row without a key.</summary>
    /// <param name="depth">The depth the value would have; arrays and inline tables check it.</param>
    private TomlRow ReadValue(int depth)
    {
        if (_pos >= _src.Length)
        {
            throw ErrorAt(_pos, "expected a value, found end of file");
        }
        var start = _pos;
        var position = PositionAt(start);
        switch (_src[start])
        {
            case (byte)'"':
                return _src[start..].StartsWith("\"\"\""u8)
                    ? TomlRow.Value(TomlKind.String, ReadMultilineBasicString(), position, (byte)TomlStringStyle.MultilineBasic)
                    : TomlRow.Value(TomlKind.String, ReadBasicString(), position, (byte)TomlStringStyle.Basic);
            case (byte)'\'':
                return _src[start..].StartsWith("'''"u8)
                    ? TomlRow.Value(TomlKind.String, ReadMultilineLiteralString(), position, (byte)TomlStringStyle.MultilineLiteral)
                    : TomlRow.Value(TomlKind.String, ReadLiteralString(), position, (byte)TomlStringStyle.Literal);
            case (byte)'[':
                return ReadArray(depth, position);
            case (byte)'{':
                return ReadInlineTable(depth, position);
            case (byte)'t' when IsWordAt(start, "true"u8):
                _pos += 4;
                return TomlRow.Value(TomlKind.Boolean, 1, position);
            case (byte)'f' when IsWordAt(start, "false"u8):
                _pos += 5;
                return TomlRow.Value(TomlKind.Boolean, 0, position);
            case (byte)'i' or (byte)'n' or (byte)'+' or (byte)'-':
            case >= (byte)'0' and <= (byte)'9':
                return ReadNumberOrDateTime(position);
            default:
                throw InvalidValue(start);
        }
    }

    /// <summary>The word at an offset, followed by something that can end a value.</summary>
    private readonly bool IsWordAt(int offset, ReadOnlySpan<byte> word) =>
        _src[offset..].StartsWith(word) && (offset + word.Length >= _src.Length || IsValueEnd(_src[offset + word.Length]));

    private static bool IsValueEnd(byte b) =>
        b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)',' or (byte)']' or (byte)'}' or (byte)'#';

    private readonly TomlException InvalidValue(int start)
    {
        var rel = _src[start..].IndexOfAnyExcept(TokenBytes);
        var end = rel < 0 ? _src.Length : start + rel;
        if (end == start)
        {
            return ErrorAt(start, $"expected a value, found {Describe(start)}");
        }
        var word = Excerpt(start, end);
        var hint = char.IsAsciiLetter(word[0]) ? " (strings must be quoted; booleans are true and false)" : "";
        return ErrorAt(start, $"invalid value \"{word}\"{hint}");
    }

    private TomlRow ReadArray(int depth, TomlPosition position)
    {
        var open = _pos;
        if (depth > _maxDepth)
        {
            throw TooDeep(open);
        }
        _pos++;
        var array = _doc.NewContainer(depth);
        while (true)
        {
            SkipBlankLines();
            if (_pos >= _src.Length)
            {
                throw ErrorAt(open, "unterminated array: no ']' before the end of the file");
            }
            if (_src[_pos] == ']')
            {
                _pos++;
                return TomlRow.Value(TomlKind.Array, array, position);
            }
            _doc.Append(array, ReadValue(depth + 1));
            SkipBlankLines();
            if (_pos < _src.Length && _src[_pos] == ',')
            {
                _pos++;
                continue;
            }
            if (_pos < _src.Length && _src[_pos] == ']')
            {
                _pos++;
                return TomlRow.Value(TomlKind.Array, array, position);
            }
            throw _pos >= _src.Length
                ? ErrorAt(open, "unterminated array: no ']' before the end of the file")
                : ErrorAt(_pos, $"expected ',' or ']' after an array element, found {Describe(_pos)}");
        }
    }

    private TomlRow ReadInlineTable(int depth, TomlPosition position)
    {
        var open = _pos;
        if (depth > _maxDepth)
        {
            throw TooDeep(open);
        }
        _pos++;
        var table = _doc.NewContainer(depth);
        var row = TomlRow.Value(TomlKind.Table, table, position, (byte)TomlTableKind.Inline);
        SkipWhitespace();
        if (_pos < _src.Length && _src[_pos] == '}')
        {
            _pos++;
            return row;
        }
        while (true)
        {
            ReadKeyValue(table);
            SkipWhitespace();
            if (_pos >= _src.Length)
            {
                throw ErrorAt(open, "unterminated inline table: no '}' before the end of the file");
            }
            switch (_src[_pos])
            {
                case (byte)',':
                    _pos++;
                    SkipWhitespace();
                    if (_pos < _src.Length && _src[_pos] == '}')
                    {
                        throw ErrorAt(_pos - 1, "trailing comma in an inline table (not allowed in TOML 1.0)");
                    }
                    continue;
                case (byte)'}':
                    _pos++;
                    return row;
                case (byte)'\n' or (byte)'\r':
                    throw ErrorAt(_pos, "an inline table must be on one line (TOML 1.0); use a [table] for more keys");
                default:
                    throw ErrorAt(_pos, $"expected ',' or '}}' after a key/value pair in an inline table, found {Describe(_pos)}");
            }
        }
    }
}
