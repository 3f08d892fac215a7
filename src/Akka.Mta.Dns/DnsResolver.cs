using Akka.Mta.Dns.Protocol;
using Akka.Mta.Dns.Transport;
using Microsoft.Extensions.Logging;

namespace Akka.Mta.Dns;

/// <summary>
/// The resolver: normalizes the name, answers from the cache while a result is valid, and
/// otherwise sends one query however many callers ask for the same (name, type) at once.
/// Results (failures included) are cached for their TTL: positive answers for the smallest TTL
/// of the chain, NXDOMAIN and NODATA for the SOA's negative TTL (RFC 2308), server failures for
/// <see cref="DnsResolverOptions.FailureTtl"/>.
/// </summary>
public sealed partial class DnsResolver : IDnsResolver, IDisposable
{
    private readonly DnsResolverOptions _options;
    private readonly IDnsTransport _transport;
    private readonly TimeProvider _time;
    private readonly ExpiringCache<CacheKey, DnsLookupResult> _cache;
    private readonly Dictionary<CacheKey, TaskCompletionSource<DnsLookupResult>> _inFlight = [];
    private readonly CancellationTokenSource _disposed = new();

    public DnsResolver(DnsResolverOptions options, TimeProvider? time = null, ILoggerFactory? loggers = null)
        : this(options, new DnsTransport(options, time, loggers?.CreateLogger<DnsTransport>()), time)
    {
    }

    public DnsResolver(DnsResolverOptions options, IDnsTransport transport, TimeProvider? time = null)
    {
        options.Validate();
        _options = options;
        _transport = transport;
        _time = time ?? TimeProvider.System;
        _cache = new ExpiringCache<CacheKey, DnsLookupResult>(options.CacheSize, result => result.Expires);
    }

    /// <summary>A resolver using the nameservers and options of <c>/etc/resolv.conf</c> (or <paramref name="path"/>).</summary>
    public static DnsResolver FromResolvConf(string path = ResolvConf.DefaultPath, TimeProvider? time = null, ILoggerFactory? loggers = null) =>
        new(ResolvConf.Load(path), time, loggers);

    /// <summary>Answers currently cached.</summary>
    public int CachedCount => _cache.Count;

    public ValueTask<DnsLookupResult> LookupAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default)
    {
        if (!DomainName.TryNormalize(name, out var ascii, out var error))
        {
            return ValueTask.FromResult(new DnsLookupResult(name, type, DnsStatus.InvalidName, [], name, _time.GetUtcNow(), error));
        }
        var key = new CacheKey(ascii, type);
        if (_cache.TryGet(key, _time.GetUtcNow(), out var cached))
        {
            DnsMetrics.CountLookup("cache");
            return ValueTask.FromResult(cached);
        }
        var shared = JoinOrStart(key);
        return new ValueTask<DnsLookupResult>(cancellationToken.CanBeCanceled ? shared.WaitAsync(cancellationToken) : shared);
    }

    public ValueTask<DnsLookupResult> LookupPtrAsync(System.Net.IPAddress address, CancellationToken cancellationToken = default) =>
        LookupAsync(ReverseName.For(address), DnsRecordType.PTR, cancellationToken);

    /// <summary>The query in flight for <paramref name="key"/>, started now if there is none.</summary>
    private Task<DnsLookupResult> JoinOrStart(CacheKey key)
    {
        TaskCompletionSource<DnsLookupResult>? pending;
        lock (_inFlight)
        {
            if (_inFlight.TryGetValue(key, out pending))
            {
                DnsMetrics.CountLookup("coalesced");
                return pending.Task;
            }
            pending = new TaskCompletionSource<DnsLookupResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            _inFlight[key] = pending;
        }
        DnsMetrics.CountLookup("query");
        _ = RunAsync(key, pending);
        return pending.Task;
    }

    /// <summary>
    /// Resolves for every caller waiting on <paramref name="key"/>. It runs on its own (a caller giving
    /// up does not cancel it for the others) and ends within the transport's timeouts.
    /// </summary>
    private async Task RunAsync(CacheKey key, TaskCompletionSource<DnsLookupResult> pending)
    {
        try
        {
            var result = await ResolveAsync(key, _disposed.Token);
            _cache.Store(key, result, _time.GetUtcNow());
            Complete(key);
            pending.TrySetResult(result);
        }
        catch (Exception e)
        {
            Complete(key);
            pending.TrySetException(e);
        }
    }

    private void Complete(CacheKey key)
    {
        lock (_inFlight)
        {
            _inFlight.Remove(key);
        }
    }

    public void Dispose()
    {
        // Not disposed: queries still running observe the cancelled token.
        _disposed.Cancel();
    }
}
