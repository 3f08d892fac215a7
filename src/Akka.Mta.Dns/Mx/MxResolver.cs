using System.Net;
using Akka.Mta.Core.Routing;
using Akka.Mta.Dns.Protocol;

namespace Akka.Mta.Dns.Mx;

/// <summary>
/// MX resolution for delivery on top of an <see cref="IDnsResolver"/> (whose cache makes repeated
/// resolutions cheap). Hosts are lowercased, grouped by preference, sorted within a preference and
/// resolved to A (and AAAA unless turned off) records concurrently. Whole resolutions are kept
/// until their earliest record expires (up to <paramref name="cacheSize"/> domains, least recently
/// used dropped first), so a warm domain costs one cache hit.
/// </summary>
public sealed partial class MxResolver(IDnsResolver dns, TimeProvider? time = null, bool resolveIpv6 = true, int cacheSize = MxResolver.DefaultCacheSize)
    : IMxResolver
{
    public const int DefaultCacheSize = 65536;

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ExpiringCache<string, MxResolution> _cache = new(cacheSize, resolution => resolution.Expires);

    /// <summary>Counts of this resolver's work, for metrics.</summary>
    public MxResolverStats Stats { get; } = new();

    public async Task<MxResolution> ResolveMxAsync(string domain, CancellationToken cancellationToken = default)
    {
        if (_cache.TryGet(domain, _time.GetUtcNow(), out var cached))
        {
            Stats.Hit();
            return cached;
        }
        Stats.Started();
        var ok = false;
        try
        {
            var resolution = await ResolveUncachedAsync(domain, cancellationToken);
            ok = resolution.Outcome != MxOutcome.Failed;
            _cache.Store(domain, resolution, _time.GetUtcNow());
            return resolution;
        }
        finally
        {
            Stats.Finished(ok);
        }
    }

    private async Task<MxResolution> ResolveUncachedAsync(string domain, CancellationToken cancellationToken)
    {
        var trimmed = domain.Trim();
        if (trimmed.StartsWith('['))
        {
            return FromLiteral(trimmed);
        }
        if (!DomainName.TryNormalize(trimmed, out var ascii, out var error))
        {
            return Failed(domain, DnsStatus.InvalidName, error);
        }

        var mx = await dns.LookupAsync(ascii, DnsRecordType.MX, cancellationToken);
        List<(ushort Preference, List<string> Hosts)> groups;
        var isImplicit = false;
        switch (mx.Status)
        {
            case DnsStatus.Ok when mx.Records.Any(record => record.Data is MxData { IsNullMx: true }):
                return new MxResolution(ascii, MxOutcome.NullMx, [], "", false, false, mx.Expires, null,
                    $"{ascii} publishes a null MX (RFC 7505): it accepts no mail");
            case DnsStatus.Ok:
                groups = mx.Records
                    .Select(record => (MxData)record.Data)
                    .GroupBy(data => data.Preference)
                    .OrderBy(group => group.Key)
                    .Select(group => (group.Key, group.Select(data => data.Exchange.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal).ToList()))
                    .ToList();
                break;
            case DnsStatus.NoData:
                groups = [(0, [ascii])];
                isImplicit = true;
                break;
            default:
                return Failed(ascii, mx.Status, mx.Detail ?? $"MX lookup for {ascii} failed: {mx.Status.ToKind()}", mx.Expires);
        }

        var expires = mx.Expires;
        var resolved = new List<MxPreferenceGroup>(groups.Count);
        var lookups = groups.Select(group => Task.WhenAll(group.Hosts.Select(host => ResolveHostAsync(host, group.Preference, cancellationToken)))).ToList();
        for (var i = 0; i < groups.Count; i++)
        {
            var hosts = await lookups[i];
            resolved.Add(new MxPreferenceGroup(groups[i].Preference, hosts.Select(h => h.Host).ToList()));
            foreach (var host in hosts)
            {
                expires = host.Expires < expires ? host.Expires : expires;
            }
        }
        var site = SiteName.FromHosts(groups.SelectMany(group => group.Hosts).ToList());
        return new MxResolution(ascii, MxOutcome.Hosts, resolved, site, isImplicit, false, expires);
    }

    private async Task<(MxHost Host, DateTimeOffset Expires)> ResolveHostAsync(string host, ushort preference, CancellationToken cancellationToken)
    {
        // Some domains list an address as the exchange; use it as one, as other MTAs do.
        if (IPAddress.TryParse(host, out var literal))
        {
            return (new MxHost(host, preference, [literal], DnsStatus.Ok), DateTimeOffset.MaxValue);
        }
        var ipv4Task = dns.LookupAsync(host, DnsRecordType.A, cancellationToken).AsTask();
        var ipv6Task = resolveIpv6 ? dns.LookupAsync(host, DnsRecordType.AAAA, cancellationToken).AsTask() : null;
        var ipv4 = await ipv4Task;
        var ipv6 = ipv6Task is null ? null : await ipv6Task;

        var addresses = ipv4.Records.Concat(ipv6?.Records ?? []).Select(record => ((AddressData)record.Data).Address).ToList();
        var expires = ipv6 is null || ipv4.Expires < ipv6.Expires ? ipv4.Expires : ipv6.Expires;
        if (addresses.Count > 0)
        {
            return (new MxHost(host, preference, addresses, DnsStatus.Ok), expires);
        }
        // No address: report the failure that explains it best (a failure to learn beats "none").
        var why = ipv6 is not null && ipv4.Status.IsDefinite() && !ipv6.Status.IsDefinite() ? ipv6 : ipv4;
        return (new MxHost(host, preference, [], why.Status, why.Detail), expires);
    }

    private MxResolution Failed(string domain, DnsStatus status, string? detail, DateTimeOffset? expires = null) =>
        new(domain, MxOutcome.Failed, [], "", false, false, expires ?? _time.GetUtcNow(), status, detail);
}
