using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Akka.Mta.Toml.Storage;

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
    private const int IndexThreshold = CompactDocumentBuilder.IndexThreshold;
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
    public TomlTableKind TableKind { get; }

    public override TomlKind Kind => TomlKind.Table;

    /// <summary>Number of keys.</summary>
    public int Count => _count;

    /// <summary>The entries in source order.</summary>
    public TomlEntry this[int index] =>
        (uint)index < (uint)_count ? EntryAt(index) : throw new ArgumentOutOfRangeException(nameof(index));

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
                yield return KeyAt(i);
            }
        }
    }

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TomlNode value)
    {
        var i = IndexOf(key);
        value = i >= 0 ? ValueAt(i) : null;
        return i >= 0;
    }

    /// <summary>The entry of a key, with the key's position.</summary>
    public bool TryGetEntry(string key, out TomlEntry entry)
    {
        var i = IndexOf(key);
        entry = i >= 0 ? EntryAt(i) : default;
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
        TakeOwnEntries();
        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, _count < 16 ? _count + 2 : _count + (_count / 2));
        }
        _entries[_count] = new TomlEntry(key, keyPosition, value);
        _index?.Add(key, _count);
        _count++;
        if (_index is null && _count > IndexThreshold)
        {
            _index = BuildIndex();
        }
    }

    public void Add(string key, string value) => Add(key, new TomlString(value));

    public void Add(string key, long value) => Add(key, new TomlInteger(value));

    public void Add(string key, double value) => Add(key, new TomlFloat(value));

    public void Add(string key, bool value) => Add(key, new TomlBoolean(value));

    private int IndexOf(string key)
    {
        var index = _index;
        if (index is null && _count > IndexThreshold)
        {
            // A parsed table builds its index on the first lookup; readers on other threads may race to it.
            index = Interlocked.CompareExchange(ref _index, BuildIndex(), null) ?? _index;
        }
        if (index is not null)
        {
            return index.TryGetValue(key, out var found) ? found : -1;
        }
        for (var i = 0; i < _count; i++)
        {
            var k = KeyAt(i);
            if (ReferenceEquals(k, key) || string.Equals(k, key, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    private Dictionary<string, int> BuildIndex()
    {
        var index = new Dictionary<string, int>(_count * 2, StringComparer.Ordinal);
        for (var i = 0; i < _count; i++)
        {
            index.Add(KeyAt(i), i);
        }
        return index;
    }

    public Enumerator GetEnumerator() => new(this);

    IEnumerator<TomlEntry> IEnumerable<TomlEntry>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public struct Enumerator(TomlTable table) : IEnumerator<TomlEntry>
    {
        private int _index = -1;

        public readonly TomlEntry Current => table.EntryAt(_index);

        readonly object IEnumerator.Current => Current;

        public bool MoveNext() => ++_index < table._count;

        public void Reset() => _index = -1;

        public readonly void Dispose()
        {
        }
    }
}
