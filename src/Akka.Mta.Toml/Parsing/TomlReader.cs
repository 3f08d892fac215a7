using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Akka.Mta.Toml.Storage;

namespace Akka.Mta.Toml.Parsing;

/// <summary>
/// A hand-written scanner over the UTF-8 bytes of a TOML document that fills a compact document
/// (<see cref="CompactDocumentBuilder"/>) in one pass. The input is validated as UTF-8 once up
/// front, so strings can be decoded without checks. Split by concern: keys, tables, values,
/// strings, numbers, date/times.
/// </summary>
internal ref partial struct TomlReader
{
    private static readonly SearchValues<byte> CommentStops = SearchValues.Create(ControlBytes());

    private readonly ReadOnlySpan<byte> _src;
    private readonly string? _file;
    private readonly int _maxDepth;
    private readonly CompactDocumentBuilder _doc;
    private readonly List<KeySegment> _keys = new(8);

    /// <summary>The table that key/value lines go into: the root, or the last header's table.</summary>
    private int _current;
    private int _pos;
    private int _line = 1;
    private int _lineStart;
    private int _markOffset;
    private int _markColumn = 1;

    /// <summary>True when the whole input is ASCII (most configuration files): a column is then a byte count.</summary>
    private bool _ascii;

    /// <summary>Scratch bytes for strings with escapes or line breaks.</summary>
    private byte[]? _buffer;
    private int _bufferLength;

    public TomlReader(ReadOnlySpan<byte> src, string? file, TomlParserOptions options, CompactDocumentBuilder document)
    {
        _src = src;
        _file = file;
        _maxDepth = options.MaxDepth;
        _doc = document;
    }

    public TomlDocument ReadDocument()
    {
        CheckEncoding();
        _current = _doc.NewContainer(depth: 0);
        while (true)
        {
            SkipWhitespace();
            if (_pos >= _src.Length)
            {
                break;
            }
            switch (_src[_pos])
            {
                case (byte)'\n':
                    NewLine(_pos++);
                    continue;
                case (byte)'\r' when IsLineEndAt(_pos):
                    _pos++;
                    NewLine(_pos++);
                    continue;
                case (byte)'#':
                    SkipComment();
                    break;
                case (byte)'[':
                    ReadHeader();
                    break;
                default:
                    ReadKeyValue(_current);
                    break;
            }
            ExpectLineEnd();
        }
        return _doc.Build(_file);
    }

    /// <summary>Strict UTF-8, one optional BOM (skipped).</summary>
    private void CheckEncoding()
    {
        if (_src.StartsWith("\uFEFF"u8))
        {
            _pos = _lineStart = _markOffset = 3;
        }
        if (Ascii.IsValid(_src))
        {
            _ascii = true;
            return;
        }
        if (Utf8.IsValid(_src))
        {
            return;
        }
        if (_src.Length >= 2 && ((_src[0] == 0xFF && _src[1] == 0xFE) || (_src[0] == 0xFE && _src[1] == 0xFF)))
        {
            throw ErrorAt(0, "the file is UTF-16; TOML files are UTF-8");
        }
        var i = 0;
        while (i < _src.Length)
        {
            if (Rune.DecodeFromUtf8(_src[i..], out _, out var consumed) != OperationStatus.Done)
            {
                throw ErrorAt(i, $"invalid UTF-8 byte 0x{_src[i]:X2}; TOML files are UTF-8");
            }
            i += consumed;
        }
    }

    private void NewLine(int lineFeedOffset)
    {
        _line++;
        _lineStart = lineFeedOffset + 1;
    }

    /// <summary>The position of a byte on the current line; called with offsets that mostly increase.</summary>
    private TomlPosition PositionAt(int offset)
    {
        if (_ascii)
        {
            return new TomlPosition(_file, _line, offset - _lineStart + 1);
        }
        int column;
        if (_markOffset >= _lineStart && offset >= _markOffset)
        {
            column = _markColumn + CountCharacters(_markOffset, offset);
        }
        else
        {
            column = 1 + CountCharacters(_lineStart, offset);
        }
        _markOffset = offset;
        _markColumn = column;
        return new TomlPosition(_file, _line, column);
    }

    private readonly int CountCharacters(int from, int to)
    {
        var count = 0;
        for (var i = from; i < to; i++)
        {
            if ((_src[i] & 0xC0) != 0x80)
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>An error at any byte: counts lines from the start (errors are rare, so this is fine).</summary>
    private readonly TomlException ErrorAt(int offset, string reason)
    {
        offset = Math.Clamp(offset, 0, _src.Length);
        var line = 1;
        var lineStart = _src.StartsWith("\uFEFF"u8) && offset >= 3 ? 3 : 0;
        for (var i = lineStart; i < offset; i++)
        {
            if (_src[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }
        return new TomlException(reason, new TomlPosition(_file, line, 1 + CountCharacters(lineStart, offset)));
    }

    private readonly TomlException ErrorAt(TomlPosition position, string reason) => new(reason, position);

    private void SkipWhitespace()
    {
        while (_pos < _src.Length && (_src[_pos] == ' ' || _src[_pos] == '\t'))
        {
            _pos++;
        }
    }

    /// <summary>From '#' to the end of the line (not consumed); control characters are errors.</summary>
    private void SkipComment()
    {
        var rel = _src[(_pos + 1)..].IndexOfAny(CommentStops);
        if (rel < 0)
        {
            _pos = _src.Length;
            return;
        }
        _pos += 1 + rel;
        if (!IsLineEndAt(_pos))
        {
            throw ErrorAt(_pos, $"{Describe(_pos)} is not allowed in a comment");
        }
    }

    /// <summary>After a key/value pair or a header: optional whitespace and comment, then a newline or the end.</summary>
    private void ExpectLineEnd()
    {
        SkipWhitespace();
        if (_pos < _src.Length && _src[_pos] == '#')
        {
            SkipComment();
        }
        if (_pos >= _src.Length)
        {
            return;
        }
        if (_src[_pos] == '\n')
        {
            NewLine(_pos++);
            return;
        }
        if (IsLineEndAt(_pos))
        {
            _pos++;
            NewLine(_pos++);
            return;
        }
        throw ErrorAt(_pos, $"expected the end of the line, found {Describe(_pos)}");
    }

    /// <summary>Whitespace, comments and newlines, as allowed between array elements.</summary>
    private void SkipBlankLines()
    {
        while (_pos < _src.Length)
        {
            switch (_src[_pos])
            {
                case (byte)' ' or (byte)'\t':
                    _pos++;
                    break;
                case (byte)'\n':
                    NewLine(_pos++);
                    break;
                case (byte)'#':
                    SkipComment();
                    break;
                case (byte)'\r' when IsLineEndAt(_pos):
                    _pos++;
                    NewLine(_pos++);
                    break;
                default:
                    return;
            }
        }
    }

    /// <summary>True at "\n" or "\r\n".</summary>
    private readonly bool IsLineEndAt(int offset) =>
        offset < _src.Length && (_src[offset] == '\n' || (_src[offset] == '\r' && offset + 1 < _src.Length && _src[offset + 1] == '\n'));

    /// <summary>Names the character at an offset for messages: 'x', end of line, U+0007, end of file.</summary>
    private readonly string Describe(int offset)
    {
        if (offset >= _src.Length)
        {
            return "end of file";
        }
        var b = _src[offset];
        if (IsLineEndAt(offset))
        {
            return "end of line";
        }
        if (b == '\r')
        {
            return "a carriage return not followed by a line feed";
        }
        if (b < 0x20 || b == 0x7F)
        {
            return $"control character U+{b:X4}";
        }
        if (b < 0x80)
        {
            return b == '\'' ? "\"'\"" : $"'{(char)b}'";
        }
        Rune.DecodeFromUtf8(_src[offset..], out var rune, out _);
        return $"'{rune}' (U+{rune.Value:X4})";
    }

    /// <summary>A bounded piece of source text for messages (an invalid value, a bad number).</summary>
    private readonly string Excerpt(int from, int to)
    {
        var cut = CharacterEnd(Math.Min(to, from + 40));
        return Encoding.UTF8.GetString(_src[from..cut]) + (cut < CharacterEnd(to) ? "..." : "");
    }

    /// <summary>Moves an offset past any UTF-8 continuation bytes, so a slice never splits a character.</summary>
    private readonly int CharacterEnd(int offset)
    {
        offset = Math.Min(offset, _src.Length);
        while (offset < _src.Length && (_src[offset] & 0xC0) == 0x80)
        {
            offset++;
        }
        return offset;
    }

    private readonly TomlException TooDeep(int offset) => TooDeep(ErrorAt(offset, "").Position);

    private readonly TomlException TooDeep(TomlPosition position) =>
        new($"tables and arrays nest deeper than {_maxDepth} levels", position);

    private static byte[] ControlBytes()
    {
        var bytes = new List<byte>();
        for (var b = 0; b < 0x20; b++)
        {
            if (b != '\t')
            {
                bytes.Add((byte)b);
            }
        }
        bytes.Add(0x7F);
        return [.. bytes];
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
}
