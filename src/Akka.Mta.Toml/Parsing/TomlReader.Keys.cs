using System.Text;
using Akka.Mta.Toml.Storage;

namespace Akka.Mta.Toml.Parsing;

/// <summary>Keys: bare, quoted and dotted; key/value pairs and the dotted-key table rules.</summary>
internal ref partial struct TomlReader
{
    private static bool IsBareKeyByte(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a' || (uint)(b - '0') <= 9 || b == '_' || b == '-';

    /// <summary>One segment of a dotted key: its string id and where it is written.</summary>
    private readonly record struct KeySegment(int Key, TomlPosition Position);

    /// <summary><c>a.b.c = value</c> into <paramref name="table"/> (the current section or an inline table).</summary>
    private void ReadKeyValue(int table)
    {
        ReadKeyPath();
        if (_pos >= _src.Length || _src[_pos] != '=')
        {
            throw ErrorAt(_pos, $"expected '=' after the key {FormatPath(_keys.Count)}, found {Describe(_pos)}");
        }
        _pos++;
        SkipWhitespace();

        var t = table;
        var last = _keys.Count - 1;
        for (var i = 0; i < last; i++)
        {
            var segment = _keys[i];
            var found = _doc.Find(t, segment.Key);
            if (found < 0)
            {
                t = AddTable(t, segment, TomlTableKind.Dotted, segment.Position);
                continue;
            }
            var entry = _doc.Row(found);
            t = (entry.ValueKind, (TomlTableKind)entry.Form) switch
            {
                (TomlKind.Table, TomlTableKind.Dotted) => entry.Container,
                (TomlKind.Table, TomlTableKind.Inline) => throw ErrorAt(segment.Position,
                    $"the dotted key {FormatPath(_keys.Count)} cannot add to the inline table {FormatPath(i + 1)} " +
                    $"(defined at {ValueLineColumn(entry)}); an inline table is complete once written"),
                (TomlKind.Table, _) => throw ErrorAt(segment.Position,
                    $"the dotted key {FormatPath(_keys.Count)} cannot add to the table {FormatPath(i + 1)}, " +
                    $"which is defined by a [header] (at {ValueLineColumn(entry)})"),
                _ => throw ErrorAt(segment.Position,
                    $"the key {FormatPath(i + 1)} is already {Article(entry)} (defined at {KeyLineColumn(entry)}), not a table"),
            };
        }

        var key = _keys[last];
        var existing = _doc.Find(t, key.Key);
        if (existing >= 0)
        {
            throw ErrorAt(key.Position,
                $"duplicate key {FormatPath(_keys.Count)} (first defined at {KeyLineColumn(_doc.Row(existing))})");
        }
        var value = ReadValue(_doc.Depth(t) + 1);
        _doc.Append(t, value.WithKey(key.Key, key.Position));
    }

    /// <summary>Reads <c>a . "b" . 'c'</c> into <see cref="_keys"/>; stops after trailing whitespace.</summary>
    private void ReadKeyPath()
    {
        _keys.Clear();
        while (true)
        {
            SkipWhitespace();
            _keys.Add(ReadKey());
            SkipWhitespace();
            if (_pos < _src.Length && _src[_pos] == '.')
            {
                _pos++;
                continue;
            }
            return;
        }
    }

    private KeySegment ReadKey()
    {
        var start = _pos;
        var position = PositionAt(start);
        if (start >= _src.Length)
        {
            throw ErrorAt(start, "expected a key, found end of file");
        }
        var b = _src[start];
        if (b == '"' || b == '\'')
        {
            if (_src[start..].StartsWith(b == '"' ? "\"\"\""u8 : "'''"u8))
            {
                throw ErrorAt(start, "a multi-line string cannot be a key");
            }
            var name = b == '"' ? ReadBasicString() : ReadLiteralString();
            return new KeySegment(name, position);
        }
        var end = start;
        var hash = 0u;
        while (end < _src.Length && IsBareKeyByte(_src[end]))
        {
            hash = (hash * 31) + _src[end++];
        }
        if (end == start)
        {
            throw ErrorAt(start, b == '=' || b == '.' || b == ']'
                ? $"expected a key before {Describe(start)}"
                : $"expected a key, found {Describe(start)} (keys are letters, digits, '_' and '-', or quoted)");
        }
        _pos = end;
        return new KeySegment(InternedString(start, end, hash, ascii: true), position);
    }

    /// <summary>
    /// The string id of a key or string value. Shaping files repeat the same keys and values
    /// ("connection_limit", "100/s") thousands of times; the document interns strings, so each text
    /// is decoded and allocated once and keys compare as ids.
    /// </summary>
    private readonly int InternedString(int start, int end) => InternedString(_src[start..end]);

    /// <summary>The string of bytes gathered in the scratch buffer (a string with escapes or line breaks).</summary>
    private readonly int BufferedString() => InternedString(_buffer.AsSpan(0, _bufferLength));

    private readonly int InternedString(ReadOnlySpan<byte> bytes)
    {
        var hash = 0u;
        var ascii = true;
        foreach (var b in bytes)
        {
            ascii &= b < 0x80;
            hash = (hash * 31) + b;
        }
        return _doc.Intern(bytes, hash, ascii);
    }

    /// <param name="hash">The bytes hashed as <c>hash = hash * 31 + b</c> from 0, computed by the caller's scan.</param>
    /// <param name="ascii">True when every byte is ASCII.</param>
    private readonly int InternedString(int start, int end, uint hash, bool ascii) => _doc.Intern(_src[start..end], hash, ascii);

    /// <summary>
    /// The first <paramref name="count"/> segments of <see cref="_keys"/> for a message: <c>"a.b"</c>
    /// when every segment is bare, else the TOML form (<c>"example.com".sources</c>).
    /// </summary>
    private readonly string FormatPath(int count)
    {
        var builder = new StringBuilder();
        var bare = true;
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                builder.Append('.');
            }
            var key = TomlSyntax.FormatKey(_doc.String(_keys[i].Key));
            bare &= key[0] != '"';
            builder.Append(key);
        }
        return bare ? $"\"{builder}\"" : builder.ToString();
    }

    /// <summary>"an integer", "an array of tables", ... for the value of a row.</summary>
    private static string Article(in TomlRow row) => row.ValueKind switch
    {
        TomlKind.Array when row.Form != 0 => "an array of tables",
        TomlKind.Array => "an array",
        TomlKind.Integer => "an integer",
        TomlKind.OffsetDateTime => "an offset date-time",
        var kind => "a " + kind.ToDisplayName(),
    };

    /// <summary>Where a row's key is written, as <c>line:column</c>.</summary>
    private static string KeyLineColumn(in TomlRow row) => new TomlPosition(null, row.KeyLine, row.KeyColumn).ToLineColumn();

    /// <summary>Where a row's value starts (a table's own position), as <c>line:column</c>.</summary>
    private static string ValueLineColumn(in TomlRow row) => new TomlPosition(null, row.Line, row.Column).ToLineColumn();
}
