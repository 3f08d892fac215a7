using Akka.Mta.Policy.Options;

namespace Akka.Mta.Delivery.Queueing;

/// <summary>
/// LVS-style weighted round robin over an egress pool's sources (spec 3.4): weight-0 entries never
/// chosen; over one cycle each source is picked in proportion to its weight, interleaved. Pure
/// state, owned by one ScheduledQueue.
/// </summary>
public sealed class WeightedRoundRobin
{
    private readonly EgressPoolEntry[] _entries;
    private readonly long _gcd;
    private readonly long _maxWeight;
    private int _index = -1;
    private long _currentWeight;

    public WeightedRoundRobin(IEnumerable<EgressPoolEntry> entries)
    {
        _entries = entries.Where(e => e.Weight > 0).ToArray();
        _gcd = _entries.Aggregate(0L, (g, e) => Gcd(g, e.Weight));
        _maxWeight = _entries.Length == 0 ? 0 : _entries.Max(e => (long)e.Weight);
    }

    public bool IsEmpty => _entries.Length == 0;

    /// <summary>The next source's name, or null when the pool has no usable source.</summary>
    public string? Next(Func<string, bool>? eligible = null)
    {
        if (_entries.Length == 0)
        {
            return null;
        }
        // Two full cycles visit every entry at every weight level at least once.
        var steps = _entries.Length * (int)Math.Max(1, _maxWeight / Math.Max(_gcd, 1)) * 2;
        for (var i = 0; i < steps; i++)
        {
            _index = (_index + 1) % _entries.Length;
            if (_index == 0)
            {
                _currentWeight -= _gcd;
                if (_currentWeight <= 0)
                {
                    _currentWeight = _maxWeight;
                }
            }
            var entry = _entries[_index];
            if (entry.Weight >= _currentWeight && (eligible is null || eligible(entry.Name)))
            {
                return entry.Name;
            }
        }
        return null;
    }

    private static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);
}
