using System.Diagnostics.CodeAnalysis;

namespace Akka.Mta.Shaping.Model;

/// <summary>
/// Option values by name in the order they were first set, with KumoMTA's merge: a later value
/// replaces an earlier one, except that the <c>additional_*</c> maps merge entry by entry.
/// Tables held by the merged model are never changed; resolution works on a <see cref="Clone"/>.
/// </summary>
public sealed class ParamTable : IEnumerable<KeyValuePair<string, ParamValue>>
{
    /// <summary>Above this many values a hash index pays for itself; below, a scan of short names is faster.</summary>
    private const int IndexThreshold = 24;

    private readonly List<KeyValuePair<string, ParamValue>> _items;
    private Dictionary<string, int>? _index;

    public ParamTable()
        : this(new List<KeyValuePair<string, ParamValue>>())
    {
    }

    private ParamTable(List<KeyValuePair<string, ParamValue>> items) => _items = items;

    /// <summary>An empty table that is shared, never to be changed.</summary>
    public static ParamTable Empty { get; } = new();

    public int Count => _items.Count;

    public IEnumerable<string> Names => _items.Select(i => i.Key);

    public bool TryGetValue(string name, [MaybeNullWhen(false)] out ParamValue value)
    {
        var at = IndexOf(name);
        value = at >= 0 ? _items[at].Value : null;
        return at >= 0;
    }

    public bool Contains(string name) => IndexOf(name) >= 0;

    /// <summary>Sets a value, replacing (in place) any earlier one of the same name.</summary>
    public void Set(string name, ParamValue value)
    {
        var at = IndexOf(name);
        if (at >= 0)
        {
            _items[at] = new(name, value);
            return;
        }
        _items.Add(new(name, value));
        _index?.Add(name, _items.Count - 1);
        if (_index is null && _items.Count > IndexThreshold)
        {
            BuildIndex();
        }
    }

    /// <summary>Removes a value; true when it was there.</summary>
    public bool Remove(string name, [MaybeNullWhen(false)] out ParamValue value)
    {
        var at = IndexOf(name);
        if (at < 0)
        {
            value = null;
            return false;
        }
        value = _items[at].Value;
        _items.RemoveAt(at);
        _index = null;
        if (_items.Count > IndexThreshold)
        {
            BuildIndex();
        }
        return true;
    }

    /// <summary>Merges <paramref name="other"/> over this table: values replace, maps merge entry by entry.</summary>
    public void MergeFrom(ParamTable other)
    {
        foreach (var (name, value) in other._items)
        {
            if (value is MapParam map && TryGetValue(name, out var existing) && existing is MapParam existingMap)
            {
                Set(name, existingMap.MergedWith(map));
            }
            else
            {
                Set(name, value);
            }
        }
    }

    /// <summary>A copy that can be changed without affecting this table.</summary>
    public ParamTable Clone() => new(new List<KeyValuePair<string, ParamValue>>(_items));

    /// <summary>The typed values by name (maps as <see cref="OrderedDictionary{TKey,TValue}"/> of typed entries).</summary>
    public object? GetTyped(string name) => TryGetValue(name, out var value)
        ? value switch
        {
            ScalarParam s => s.Typed,
            MapParam m => m,
            _ => null,
        }
        : null;

    public List<KeyValuePair<string, ParamValue>>.Enumerator GetEnumerator() => _items.GetEnumerator();

    IEnumerator<KeyValuePair<string, ParamValue>> IEnumerable<KeyValuePair<string, ParamValue>>.GetEnumerator() => _items.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => _items.GetEnumerator();

    private int IndexOf(string name)
    {
        if (_index is not null)
        {
            return _index.TryGetValue(name, out var at) ? at : -1;
        }
        for (var i = 0; i < _items.Count; i++)
        {
            if (string.Equals(_items[i].Key, name, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    private void BuildIndex()
    {
        _index = new Dictionary<string, int>(_items.Count * 2, StringComparer.Ordinal);
        for (var i = 0; i < _items.Count; i++)
        {
            _index[_items[i].Key] = i;
        }
    }
}
