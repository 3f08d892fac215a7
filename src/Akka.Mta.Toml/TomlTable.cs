using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Akka.Mta.Toml;

/// <summary>
/// A table: keys in the order they were written, each with its position and value. Look keys up
/// with <see cref="TryGetValue"/> or the indexer, enumerate <see cref="TomlEntry"/> in order with
/// foreach. <see cref="TableKind"/> says whether it came from a header, a dotted key or an inline
/// table.
/// </summary>
public sealed partial class TomlTable : TomlNode, IReadOnlyList<TomlEntry>
{
    /// <summary>Up to this many keys a linear scan beats hashing (repeated keys are one shared string).</summary>
    private const int IndexThreshold = 32;
    private TomlEntry[] _entries = [];
    private int _count;
    private Dictionary<string, int>? _index;

    /// <param name="kind">How it is written; a table built in code defaults to a <c>[header]</c> section.</param>
    /// <param name="position">Where it starts; the default for a table built in code.</param>
    public TomlTable(TomlTableKind kind = TomlTableKind.Header, TomlPosition position = default)
        : base(position)
    {
        TableKind = kind;
    }

    /// <summary>How the table came to exist; an implicit table becomes a header table when its header appears.</summary>
    public TomlTableKind TableKind { get; internal set; }

    public override TomlKind Kind => TomlKind.Table;

    /// <summary>Number of keys.</summary>
    public int Count => _count;

    /// <summary>The entries in source order.</summary>
    public TomlEntry this[int index] =>
        (uint)index < (uint)_count ? _entries[index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>The value of a key; throws <see cref="KeyNotFoundException"/> when absent.</summary>
    public TomlNode this[string key] =>
        TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"no key \"{key}\" in this table");

    /// <summary>The keys in source order.</summary>
    public IEnumerable<string> Keys
    {
        get
        {
            for (var i = 0; i < _count; i++)
            {
                yield return _entries[i].Key;
            }
        }
    }

    /// <summary>Nesting depth below the root (the parser bounds it).</summary>
    internal int Depth { get; set; }

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TomlNode value)
    {
        var i = IndexOf(key);
        value = i >= 0 ? _entries[i].Value : null;
        return i >= 0;
    }

    /// <summary>The entry of a key, with the key's position.</summary>
    public bool TryGetEntry(string key, out TomlEntry entry)
    {
        var i = IndexOf(key);
        entry = i >= 0 ? _entries[i] : default;
        return i >= 0;
    }

    /// <summary>Adds a key at the end; throws <see cref="ArgumentException"/> when the key exists.</summary>
    public void Add(string key, TomlNode value, TomlPosition keyPosition = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (IndexOf(key) >= 0)
        {
            throw new ArgumentException($"key \"{key}\" is already in this table", nameof(key));
        }
        AddUnchecked(key, value, keyPosition);
    }

    public void Add(string key, string value) => Add(key, new TomlString(value));

    public void Add(string key, long value) => Add(key, new TomlInteger(value));

    public void Add(string key, double value) => Add(key, new TomlFloat(value));

    public void Add(string key, bool value) => Add(key, new TomlBoolean(value));

    /// <summary>Appends without the duplicate check (the parser has already looked the key up).</summary>
    internal void AddUnchecked(string key, TomlNode value, TomlPosition keyPosition)
    {
        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, GrownCapacity());
        }
        _entries[_count] = new TomlEntry(key, keyPosition, value);
        _index?.Add(key, _count);
        _count++;
        if (_index is null && _count > IndexThreshold)
        {
            _index = new Dictionary<string, int>(_count * 2, StringComparer.Ordinal);
            for (var i = 0; i < _count; i++)
            {
                _index.Add(_entries[i].Key, i);
            }
        }
    }

    internal int IndexOf(string key)
    {
        if (_index is not null)
        {
            return _index.TryGetValue(key, out var found) ? found : -1;
        }
        for (var i = 0; i < _count; i++)
        {
            var k = _entries[i].Key;
            if (ReferenceEquals(k, key) || string.Equals(k, key, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    internal ref readonly TomlEntry EntryAt(int index) => ref _entries[index];

    public Enumerator GetEnumerator() => new(this);

    IEnumerator<TomlEntry> IEnumerable<TomlEntry>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public struct Enumerator(TomlTable table) : IEnumerator<TomlEntry>
    {
        private int _index = -1;

        public readonly TomlEntry Current => table._entries[_index];

        readonly object IEnumerator.Current => Current;

        public bool MoveNext() => ++_index < table._count;

        public void Reset() => _index = -1;

        public readonly void Dispose()
        {
        }
    }
}
