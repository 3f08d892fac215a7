namespace Akka.Mta.Dns;

/// <summary>
/// Values by key until the time <c>expires</c> gives for them, at most <c>capacity</c> of them: a
/// full cache drops the least recently used. Thread-safe. Capacity 0 keeps nothing.
/// </summary>
internal sealed class ExpiringCache<TKey, TValue>(int capacity, Func<TValue, DateTimeOffset> expires)
    where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<(TKey Key, TValue Value)>> _entries = new(Math.Min(capacity, 1024));
    private readonly LinkedList<(TKey Key, TValue Value)> _recency = new();
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    public bool TryGet(TKey key, DateTimeOffset now, out TValue value)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                if (expires(node.Value.Value) > now)
                {
                    _recency.Remove(node);
                    _recency.AddFirst(node);
                    value = node.Value.Value;
                    return true;
                }
                _recency.Remove(node);
                _entries.Remove(key);
            }
        }
        value = default!;
        return false;
    }

    /// <summary>Keeps <paramref name="value"/> if it is still valid at <paramref name="now"/>.</summary>
    public void Store(TKey key, TValue value, DateTimeOffset now)
    {
        if (capacity == 0 || expires(value) <= now)
        {
            return;
        }
        lock (_lock)
        {
            if (_entries.Remove(key, out var existing))
            {
                _recency.Remove(existing);
            }
            while (_entries.Count >= capacity && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Key);
            }
            _entries[key] = _recency.AddFirst((key, value));
        }
    }
}
