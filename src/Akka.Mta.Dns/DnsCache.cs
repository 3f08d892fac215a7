using Akka.Mta.Dns.Protocol;

namespace Akka.Mta.Dns;

/// <summary>
/// Lookup results by (name, type) until they expire, at most <c>capacity</c> of them: a full
/// cache drops the least recently used. Thread-safe.
/// </summary>
internal sealed class DnsCache(int capacity)
{
    private readonly Dictionary<CacheKey, LinkedListNode<Entry>> _entries = new(Math.Min(capacity, 1024));
    private readonly LinkedList<Entry> _recency = new();
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

    public bool TryGet(CacheKey key, DateTimeOffset now, out DnsLookupResult result)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                if (node.Value.Result.Expires > now)
                {
                    _recency.Remove(node);
                    _recency.AddFirst(node);
                    result = node.Value.Result;
                    return true;
                }
                _recency.Remove(node);
                _entries.Remove(key);
            }
        }
        result = null!;
        return false;
    }

    /// <summary>Keeps <paramref name="result"/> if it is still valid at <paramref name="now"/>.</summary>
    public void Store(CacheKey key, DnsLookupResult result, DateTimeOffset now)
    {
        if (capacity == 0 || result.Expires <= now)
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
            _entries[key] = _recency.AddFirst(new Entry(key, result));
        }
    }

    private readonly record struct Entry(CacheKey Key, DnsLookupResult Result);
}

internal readonly record struct CacheKey(string Name, DnsRecordType Type);
