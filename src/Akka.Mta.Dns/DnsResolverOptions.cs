using System.Net;

namespace Akka.Mta.Dns;

/// <summary>
/// How the resolver talks to its nameservers and caches answers. Defaults follow glibc's resolver
/// (5 s per try, 2 rounds over the servers) and RFC 2308 for negative caching.
/// </summary>
public sealed record DnsResolverOptions
{
    /// <summary>Nameservers in order of use (ports allowed; tests use non-53 ports).</summary>
    public required IReadOnlyList<IPEndPoint> Servers { get; init; }

    /// <summary>How long to wait for one server's answer to one try (UDP, and again for the TCP retry).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Rounds over the server list before giving up (resolv.conf <c>attempts</c>).</summary>
    public int Attempts { get; init; } = 2;

    /// <summary>Start each query at the next server instead of the first (resolv.conf <c>rotate</c>).</summary>
    public bool Rotate { get; init; }

    /// <summary>Query over TCP only (resolv.conf <c>use-vc</c>).</summary>
    public bool UseTcp { get; init; }

    /// <summary>EDNS0 UDP payload size advertised (RFC 6891); null sends no OPT record and caps UDP answers at 512 bytes.</summary>
    public ushort? UdpPayloadSize { get; init; } = 1232;

    /// <summary>Most answers kept in the cache; the least recently used go first. 0 disables the cache.</summary>
    public int CacheSize { get; init; } = 65536;

    /// <summary>Upper bound on any positive TTL honoured.</summary>
    public TimeSpan MaxTtl { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Upper bound on a negative (NXDOMAIN / NODATA) TTL; RFC 2308 suggests hours at most.</summary>
    public TimeSpan MaxNegativeTtl { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long a SERVFAIL, REFUSED or timeout is remembered (RFC 2308 7: never above 5 minutes). Zero: not at all.</summary>
    public TimeSpan FailureTtl { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Most CNAMEs followed for one lookup before it fails as a loop.</summary>
    public int MaxCnameHops { get; init; } = 8;

    /// <summary>Options with the given servers and the defaults for everything else.</summary>
    public static DnsResolverOptions ForServers(params IPEndPoint[] servers) => new() { Servers = servers };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad value.</summary>
    public void Validate()
    {
        if (Servers is null || Servers.Count == 0)
        {
            throw new ArgumentException("DNS: at least one nameserver is needed", nameof(Servers));
        }
        Check(Timeout > TimeSpan.Zero, nameof(Timeout), Timeout);
        Check(Attempts >= 1, nameof(Attempts), Attempts);
        Check(UdpPayloadSize is null or >= 512, nameof(UdpPayloadSize), UdpPayloadSize);
        Check(CacheSize >= 0, nameof(CacheSize), CacheSize);
        Check(MaxTtl >= TimeSpan.Zero, nameof(MaxTtl), MaxTtl);
        Check(MaxNegativeTtl >= TimeSpan.Zero, nameof(MaxNegativeTtl), MaxNegativeTtl);
        Check(FailureTtl >= TimeSpan.Zero && FailureTtl <= TimeSpan.FromMinutes(5), nameof(FailureTtl), FailureTtl);
        Check(MaxCnameHops >= 0, nameof(MaxCnameHops), MaxCnameHops);
    }

    private static void Check(bool ok, string name, object? value)
    {
        if (!ok)
        {
            throw new ArgumentException($"DNS: {name} = {value} is out of range", name);
        }
    }
}
