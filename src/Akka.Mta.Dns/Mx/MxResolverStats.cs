namespace Akka.Mta.Dns.Mx;

/// <summary>
/// What one <see cref="MxResolver"/> has done, for the node's metrics (KumoMTA's
/// <c>dns_mx_resolve_*</c>): resolutions running now, answered from its cache or not, and the
/// uncached ones that found hosts (or a null MX) against those that failed. Thread-safe.
/// </summary>
public sealed class MxResolverStats
{
    private long _inProgress;
    private long _cacheHits;
    private long _cacheMisses;
    private long _ok;
    private long _failed;

    public long InProgress => Interlocked.Read(ref _inProgress);

    public long CacheHits => Interlocked.Read(ref _cacheHits);

    public long CacheMisses => Interlocked.Read(ref _cacheMisses);

    /// <summary>Uncached resolutions that answered (hosts or a null MX).</summary>
    public long Ok => Interlocked.Read(ref _ok);

    /// <summary>Uncached resolutions that failed (<see cref="MxOutcome.Failed"/> or an exception).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    internal void Hit() => Interlocked.Increment(ref _cacheHits);

    internal void Started()
    {
        Interlocked.Increment(ref _cacheMisses);
        Interlocked.Increment(ref _inProgress);
    }

    internal void Finished(bool ok)
    {
        Interlocked.Decrement(ref _inProgress);
        Interlocked.Increment(ref ok ? ref _ok : ref _failed);
    }
}
