using System.Buffers;

namespace Akka.Mta.Toml.Parsing;

/// <summary>Values: dispatch on the first byte; arrays and inline tables.</summary>
internal ref partial struct TomlReader
{
    /// <summary>Bytes a bare token (an unquoted word, number or date) is made of, for messages.</summary>
    private static readonly SearchValues<byte> TokenBytes =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-+.:"u8);

    /// <param name="depth">The depth the value would have; arrays and inline tables check it.</param>
    private TomlNode ReadValue(int depth)
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
                    ? new TomlString(ReadMultilineBasicString(), TomlStringStyle.MultilineBasic, position)
                    : new TomlString(ReadBasicString(), TomlStringStyle.Basic, position);
            case (byte)'\'':
                return _src[start..].StartsWith("'''"u8)
                    ? new TomlString(ReadMultilineLiteralString(), TomlStringStyle.MultilineLiteral, position)
                    : new TomlString(ReadLiteralString(), TomlStringStyle.Literal, position);
            case (byte)'[':
                return ReadArray(depth, position);
            case (byte)'{':
                return ReadInlineTable(depth, position);
            case (byte)'t' when IsWordAt(start, "true"u8):
                _pos += 4;
                return new TomlBoolean(true, position);
            case (byte)'f' when IsWordAt(start, "false"u8):
                _pos += 5;
                return new TomlBoolean(false, position);
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

    private TomlArray ReadArray(int depth, TomlPosition position)
    {
        var open = _pos;
        if (depth > _maxDepth)
        {
            throw TooDeep(open);
        }
        _pos++;
        var array = new TomlArray(isArrayOfTables: false, position) { Depth = depth };
        if (_openArrays == _arrayScratch.Count)
        {
            _arrayScratch.Add(new TomlNode[16]);
        }
        array.Borrow(_arrayScratch[_openArrays++]);
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
                return CloseArray(array);
            }
            array.AddInternal(ReadValue(depth + 1));
            SkipBlankLines();
            if (_pos < _src.Length && _src[_pos] == ',')
            {
                _pos++;
                continue;
            }
            if (_pos < _src.Length && _src[_pos] == ']')
            {
                _pos++;
                return CloseArray(array);
            }
            throw _pos >= _src.Length
                ? ErrorAt(open, "unterminated array: no ']' before the end of the file")
                : ErrorAt(_pos, $"expected ',' or ']' after an array element, found {Describe(_pos)}");
        }
    }

    private TomlArray CloseArray(TomlArray array)
    {
        _arrayScratch[--_openArrays] = array.Seal();
        return array;
    }

    private TomlTable ReadInlineTable(int depth, TomlPosition position)
    {
        var open = _pos;
        if (depth > _maxDepth)
        {
            throw TooDeep(open);
        }
        _pos++;
        var table = new TomlTable(TomlTableKind.Inline, position) { Depth = depth };
        if (_openInlineTables == _inlineScratch.Count)
        {
            _inlineScratch.Add(new TomlEntry[16]);
        }
        table.Borrow(_inlineScratch[_openInlineTables++]);
        SkipWhitespace();
        if (_pos < _src.Length && _src[_pos] == '}')
        {
            _pos++;
            return CloseInlineTable(table);
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
                    return CloseInlineTable(table);
                case (byte)'\n' or (byte)'\r':
                    throw ErrorAt(_pos, "an inline table must be on one line (TOML 1.0); use a [table] for more keys");
                default:
                    throw ErrorAt(_pos, $"expected ',' or '}}' after a key/value pair in an inline table, found {Describe(_pos)}");
            }
        }
    }

    private TomlTable CloseInlineTable(TomlTable table)
    {
        _inlineScratch[--_openInlineTables] = table.Seal();
        return table;
    }
}
