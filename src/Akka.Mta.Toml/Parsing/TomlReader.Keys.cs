using System.Text;

namespace Akka.Mta.Toml.Parsing;

/// <summary>Keys: bare, quoted and dotted; key/value pairs and the dotted-key table rules.</summary>
internal ref partial struct TomlReader
{
    private static bool IsBareKeyByte(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a' || (uint)(b - '0') <= 9 || b == '_' || b == '-';

    /// <summary>Strings up to this length are shared through <see cref="_stringCache"/>.</summary>
    private const int MaxCachedLength = 64;

    /// <summary>One segment of a dotted key with where it is written.</summary>
    private readonly record struct KeySegment(string Name, TomlPosition Position);

    /// <summary><c>a.b.c = value</c> into <paramref name="table"/> (the current section or an inline table).</summary>
    private void ReadKeyValue(TomlTable table)
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
            var index = t.IndexOf(segment.Name);
            if (index < 0)
            {
                var child = NewTable(t, TomlTableKind.Dotted, segment.Position);
                t.AddUnchecked(segment.Name, child, segment.Position);
                t = child;
                continue;
            }
            ref readonly var entry = ref t.EntryAt(index);
            t = entry.Value switch
            {
                TomlTable { TableKind: TomlTableKind.Dotted } dotted => dotted,
                TomlTable { TableKind: TomlTableKind.Inline } inline => throw ErrorAt(segment.Position,
                    $"the dotted key {FormatPath(_keys.Count)} cannot add to the inline table {FormatPath(i + 1)} " +
                    $"(defined at {inline.Position.ToLineColumn()}); an inline table is complete once written"),
                TomlTable other => throw ErrorAt(segment.Position,
                    $"the dotted key {FormatPath(_keys.Count)} cannot add to the table {FormatPath(i + 1)}, " +
                    $"which is defined by a [header] (at {other.Position.ToLineColumn()})"),
                var node => throw ErrorAt(segment.Position,
                    $"the key {FormatPath(i + 1)} is already {Article(node)} (defined at {entry.KeyPosition.ToLineColumn()}), not a table"),
            };
        }

        var key = _keys[last];
        var existing = t.IndexOf(key.Name);
        if (existing >= 0)
        {
            throw ErrorAt(key.Position,
                $"duplicate key {FormatPath(_keys.Count)} (first defined at {t.EntryAt(existing).KeyPosition.ToLineColumn()})");
        }
        var value = ReadValue(t.Depth + 1);
        t.AddUnchecked(key.Name, value, key.Position);
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
        return new KeySegment(CachedString(start, end, hash, ascii: true), position);
    }

    /// <summary>
    /// The string of a key or short string value. Shaping files repeat the same keys and values
    /// ("connection_limit", "100/s") thousands of times; short ASCII strings are shared through a
    /// small cache instead of being decoded and allocated each time.
    /// </summary>
    private string CachedString(int start, int end) => CachedString(_src[start..end]);

    /// <summary>The string of bytes gathered in the scratch buffer (a string with escapes or line breaks).</summary>
    private string BufferedString() => CachedString(_buffer.AsSpan(0, _bufferLength));

    private string CachedString(ReadOnlySpan<byte> bytes)
    {
        var hash = 0u;
        var ascii = true;
        foreach (var b in bytes)
        {
            ascii &= b < 0x80;
            hash = (hash * 31) + b;
        }
        return CachedString(bytes, hash, ascii);
    }

    private string CachedString(int start, int end, uint hash, bool ascii) => CachedString(_src[start..end], hash, ascii);

    /// <param name="bytes">The string's UTF-8 bytes.</param>
    /// <param name="hash">The bytes hashed as <c>hash = hash * 31 + b</c> from 0, computed by the caller's scan.</param>
    /// <param name="ascii">True when every byte is ASCII (only those are cached).</param>
    private string CachedString(ReadOnlySpan<byte> bytes, uint hash, bool ascii)
    {
        if (!ascii || bytes.Length > MaxCachedLength)
        {
            return Encoding.UTF8.GetString(bytes);
        }
        _stringCache ??= new string?[_src.Length < 65536 ? 256 : 2048];
        ref var slot = ref _stringCache[(hash ^ (hash >> 15) ^ (uint)bytes.Length) & (uint)(_stringCache.Length - 1)];
        if (slot is not null && slot.Length == bytes.Length && Ascii.Equals(bytes, slot))
        {
            return slot;
        }
        return slot = Encoding.ASCII.GetString(bytes);
    }

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
            var key = TomlSyntax.FormatKey(_keys[i].Name);
            bare &= key[0] != '"';
            builder.Append(key);
        }
        return bare ? $"\"{builder}\"" : builder.ToString();
    }

    private static string Article(TomlNode node) => node switch
    {
        TomlArray { IsArrayOfTables: true } => "an array of tables",
        TomlArray => "an array",
        TomlInteger => "an integer",
        TomlOffsetDateTime => "an offset date-time",
        _ => "a " + node.KindName,
    };
}
