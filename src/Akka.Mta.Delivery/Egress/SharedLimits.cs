using Akka.Mta.Core.Throttling;

namespace Akka.Mta.Delivery.Egress;

/// <summary>
/// Connection-limit leases and throttles shared by every egress path on this node, by key (spec
/// 3.6/3.9): a path's own <c>connection_limit</c> and <c>max_message_rate</c> use keys named after
/// the path; <c>additional_connection_limits</c> and <c>additional_message_rate_throttles</c> use
/// their configured names, so paths naming the same limit share it (a provider-wide limit).
/// Thread-safe.
/// </summary>
public sealed class SharedLimits(TimeProvider time)
{
    private readonly Dictionary<string, long> _leases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Gcra> _throttles = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Takes one lease under each (key, limit), or none when any is at its limit.</summary>
    public bool TryAcquire(IReadOnlyList<(string Key, long Limit)> limits)
    {
        lock (_lock)
        {
            foreach (var (key, limit) in limits)
            {
                if (_leases.GetValueOrDefault(key) >= limit)
                {
                    return false;
                }
            }
            foreach (var (key, _) in limits)
            {
                _leases[key] = _leases.GetValueOrDefault(key) + 1;
            }
            return true;
        }
    }

    public void Release(IReadOnlyList<(string Key, long Limit)> limits)
    {
        lock (_lock)
        {
            foreach (var (key, _) in limits)
            {
                var left = _leases.GetValueOrDefault(key) - 1;
                if (left <= 0)
                {
                    _leases.Remove(key);
                }
                else
                {
                    _leases[key] = left;
                }
            }
        }
    }

    /// <summary>Leases held under <paramref name="key"/>.</summary>
    public long Held(string key)
    {
        lock (_lock)
        {
            return _leases.GetValueOrDefault(key);
        }
    }

    /// <summary>
    /// One event through every throttle, or none: returns zero when all allow, else the longest wait
    /// among those that refuse (nothing is consumed then).
    /// </summary>
    public TimeSpan TryPass(IReadOnlyList<(string Key, ThrottleSpec Spec)> throttles)
    {
        if (throttles.Count == 0)
        {
            return TimeSpan.Zero;
        }
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var wait = TimeSpan.Zero;
            var next = new Gcra[throttles.Count];
            for (var i = 0; i < throttles.Count; i++)
            {
                var (key, spec) = throttles[i];
                var decision = _throttles.GetValueOrDefault(key).TryAcquire(spec, spec.MaxBurst ?? spec.Limit, now);
                if (!decision.Allowed && decision.RetryAfter > wait)
                {
                    wait = decision.RetryAfter;
                }
                next[i] = decision.Next;
            }
            if (wait > TimeSpan.Zero)
            {
                return wait;
            }
            for (var i = 0; i < throttles.Count; i++)
            {
                _throttles[throttles[i].Key] = next[i];
            }
            return TimeSpan.Zero;
        }
    }
}
