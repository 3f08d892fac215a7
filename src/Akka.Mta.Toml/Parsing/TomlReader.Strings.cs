using System.Buffers;
using System.Text;

namespace Akka.Mta.Toml.Parsing;

/// <summary>
/// The four string forms, each read to a string id. A string without escapes or line breaks is
/// decoded straight from the input; otherwise its bytes are gathered in a scratch buffer. Line
/// breaks inside multi-line strings are kept as "\n" (a CRLF becomes "\n").
/// </summary>
internal ref partial struct TomlReader
{
    /// <summary>Where a basic string's fast scan stops: quote, backslash, control characters (tab excepted).</summary>
    private static readonly SearchValues<byte> BasicStops = SearchValues.Create([(byte)'"', (byte)'\\', .. ControlBytes()]);

    /// <summary>Where a literal string's scan stops: apostrophe, control characters (tab excepted).</summary>
    private static readonly SearchValues<byte> LiteralStops = SearchValues.Create([(byte)'\'', .. ControlBytes()]);

    /// <summary><c>"..."</c> at <see cref="_pos"/>.</summary>
    private int ReadBasicString()
    {
        var open = _pos;
        var i = open + 1;
        // Most strings are short and plain: a byte loop finds their end sooner than a vector search.
        var hash = 0u;
        var ascii = true;
        for (var j = i; j < _src.Length && j < i + 64; j++)
        {
            var b = _src[j];
            if (b == '"')
            {
                _pos = j + 1;
                return InternedString(i, j, hash, ascii);
            }
            hash = (hash * 31) + b;
            ascii &= b < 0x80;
            if (b == '\\' || b < 0x20 || b == 0x7F)
            {
                break;
            }
        }
        _bufferLength = 0;
        while (true)
        {
            var rel = _src[i..].IndexOfAny(BasicStops);
            if (rel < 0)
            {
                throw ErrorAt(open, "unterminated string: no closing '\"' on this line");
            }
            var stop = i + rel;
            Append(_src[i..stop]);
            switch (_src[stop])
            {
                case (byte)'"':
                    _pos = stop + 1;
                    return BufferedString();
                case (byte)'\\':
                    i = ReadEscape(stop);
                    break;
                case (byte)'\n' or (byte)'\r':
                    throw ErrorAt(open, "unterminated string: no closing '\"' on this line (use \"\"\" for a multi-line string)");
                default:
                    throw ErrorAt(stop, $"{Describe(stop)} is not allowed in a string; write it as an escape such as \\u0001");
            }
        }
    }

    /// <summary><c>"""..."""</c> at <see cref="_pos"/>.</summary>
    private int ReadMultilineBasicString()
    {
        var open = _pos;
        var i = SkipFirstNewline(open + 3);
        _bufferLength = 0;
        while (true)
        {
            var rel = _src[i..].IndexOfAny(BasicStops);
            if (rel < 0)
            {
                throw ErrorAt(open, "unterminated multi-line string: no closing '\"\"\"'");
            }
            var stop = i + rel;
            Append(_src[i..stop]);
            switch (_src[stop])
            {
                case (byte)'"':
                    var quotes = CountRun(stop, (byte)'"');
                    if (quotes < 3)
                    {
                        Append(_src.Slice(stop, quotes));
                        i = stop + quotes;
                        break;
                    }
                    quotes = Math.Min(quotes, 5);
                    Append(_src.Slice(stop, quotes - 3));
                    _pos = stop + quotes;
                    return BufferedString();
                case (byte)'\\':
                    i = IsLineEndingBackslash(stop) ? SkipBlankSpace(stop + 1) : ReadEscape(stop);
                    break;
                default:
                    i = AppendLineBreak(stop, "a multi-line string");
                    break;
            }
        }
    }

    /// <summary><c>'...'</c> at <see cref="_pos"/>.</summary>
    private int ReadLiteralString()
    {
        var open = _pos;
        var i = open + 1;
        var rel = _src[i..].IndexOfAny(LiteralStops);
        if (rel < 0 || IsLineEndAt(i + rel) || _src[i + rel] == '\r')
        {
            throw ErrorAt(open, "unterminated literal string: no closing \"'\" on this line");
        }
        var stop = i + rel;
        if (_src[stop] != '\'')
        {
            throw ErrorAt(stop, $"{Describe(stop)} is not allowed in a literal string; use a basic string with an escape");
        }
        _pos = stop + 1;
        return InternedString(i, stop);
    }

    /// <summary><c>'''...'''</c> at <see cref="_pos"/>.</summary>
    private int ReadMultilineLiteralString()
    {
        var open = _pos;
        var i = SkipFirstNewline(open + 3);
        _bufferLength = 0;
        while (true)
        {
            var rel = _src[i..].IndexOfAny(LiteralStops);
            if (rel < 0)
            {
                throw ErrorAt(open, "unterminated multi-line literal string: no closing \"'''\"");
            }
            var stop = i + rel;
            Append(_src[i..stop]);
            if (_src[stop] != '\'')
            {
                i = AppendLineBreak(stop, "a multi-line literal string");
                continue;
            }
            var quotes = CountRun(stop, (byte)'\'');
            if (quotes < 3)
            {
                Append(_src.Slice(stop, quotes));
                i = stop + quotes;
                continue;
            }
            quotes = Math.Min(quotes, 5);
            Append(_src.Slice(stop, quotes - 3));
            _pos = stop + quotes;
            return BufferedString();
        }
    }

    /// <summary>A newline right after the opening delimiter is not part of the string.</summary>
    private int SkipFirstNewline(int i)
    {
        if (i < _src.Length && _src[i] == '\n')
        {
            NewLine(i);
            return i + 1;
        }
        if (IsLineEndAt(i))
        {
            NewLine(i + 1);
            return i + 2;
        }
        return i;
    }

    /// <summary>At a control byte inside a multi-line string: a line break is kept as "\n", anything else is an error.</summary>
    private int AppendLineBreak(int stop, string where)
    {
        if (!IsLineEndAt(stop))
        {
            throw ErrorAt(stop, $"{Describe(stop)} is not allowed in {where}");
        }
        var lineFeed = _src[stop] == '\n' ? stop : stop + 1;
        NewLine(lineFeed);
        Append("\n"u8);
        return lineFeed + 1;
    }

    /// <summary>A backslash followed by optional spaces and a line break: the break and following blank space vanish.</summary>
    private readonly bool IsLineEndingBackslash(int backslash)
    {
        var j = backslash + 1;
        while (j < _src.Length && (_src[j] == ' ' || _src[j] == '\t'))
        {
            j++;
        }
        return IsLineEndAt(j);
    }

    /// <summary>Skips spaces, tabs and line breaks; returns the offset of the next other byte.</summary>
    private int SkipBlankSpace(int i)
    {
        while (i < _src.Length)
        {
            var b = _src[i];
            if (b == ' ' || b == '\t')
            {
                i++;
            }
            else if (b == '\n')
            {
                NewLine(i++);
            }
            else if (IsLineEndAt(i))
            {
                NewLine(i + 1);
                i += 2;
            }
            else
            {
                break;
            }
        }
        return i;
    }

    private readonly int CountRun(int start, byte b)
    {
        var i = start;
        while (i < _src.Length && _src[i] == b)
        {
            i++;
        }
        return i - start;
    }

    /// <summary>Decodes the escape at <paramref name="backslash"/> into the buffer; returns the offset after it.</summary>
    private int ReadEscape(int backslash)
    {
        var at = backslash + 1;
        if (at >= _src.Length)
        {
            throw ErrorAt(backslash, "unterminated string: it ends with a backslash");
        }
        byte decoded;
        switch (_src[at])
        {
            case (byte)'b': decoded = (byte)'\b'; break;
            case (byte)'t': decoded = (byte)'\t'; break;
            case (byte)'n': decoded = (byte)'\n'; break;
            case (byte)'f': decoded = (byte)'\f'; break;
            case (byte)'r': decoded = (byte)'\r'; break;
            case (byte)'"': decoded = (byte)'"'; break;
            case (byte)'\\': decoded = (byte)'\\'; break;
            case (byte)'u':
                return ReadUnicodeEscape(backslash, 4);
            case (byte)'U':
                return ReadUnicodeEscape(backslash, 8);
            default:
                throw ErrorAt(backslash, IsLineEndAt(at) || _src[at] is (byte)' ' or (byte)'\t'
                    ? "a backslash followed by a space is only allowed at the end of a line in a multi-line string"
                    : $"invalid escape sequence \\{Describe(at).Trim('\'')} (valid: \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX)");
        }
        Append([decoded]);
        return at + 1;
    }

    private int ReadUnicodeEscape(int backslash, int digits)
    {
        var start = backslash + 2;
        var value = 0;
        for (var i = 0; i < digits; i++)
        {
            var h = start + i < _src.Length ? HexValue(_src[start + i]) : -1;
            if (h < 0)
            {
                throw ErrorAt(backslash, $"\\{(char)_src[backslash + 1]} needs {digits} hexadecimal digits");
            }
            value = (value << 4) | h;
        }
        if (!Rune.IsValid(value))
        {
            throw ErrorAt(backslash, $"\\{(char)_src[backslash + 1]}{value:X} is not a Unicode scalar value (surrogates and values above 10FFFF are not)");
        }
        Span<byte> utf8 = stackalloc byte[4];
        var length = new Rune(value).EncodeToUtf8(utf8);
        Append(utf8[..length]);
        return start + digits;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    private void Append(scoped ReadOnlySpan<byte> bytes)
    {
        if (_buffer is null || _bufferLength + bytes.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(256, Math.Max(_bufferLength + bytes.Length, (_buffer?.Length ?? 0) * 2)));
        }
        bytes.CopyTo(_buffer.AsSpan(_bufferLength));
        _bufferLength += bytes.Length;
    }
}
