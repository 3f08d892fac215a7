namespace Akka.Mta.Dns;

/// <summary>
/// How a lookup ended. The kinds stay distinct because an MTA bounces on some (NXDOMAIN, an
/// invalid name) and retries later on the others (SERVFAIL, REFUSED, timeout, ...).
/// </summary>
public enum DnsStatus
{
    /// <summary>Records of the asked type exist.</summary>
    Ok,
    /// <summary>The name exists but has no records of the asked type.</summary>
    NoData,
    /// <summary>The name does not exist (RCODE 3): permanent.</summary>
    NxDomain,
    ServFail,
    Refused,
    /// <summary>A server answered FORMERR to our query.</summary>
    FormatError,
    NotImplemented,
    /// <summary>Any other RCODE.</summary>
    OtherRcode,
    /// <summary>No server answered within its timeout.</summary>
    Timeout,
    /// <summary>A server's answer could not be parsed.</summary>
    Malformed,
    /// <summary>Sending or connecting failed (nothing listening, network unreachable).</summary>
    NetworkError,
    /// <summary>CNAMEs looped or went deeper than the hop limit.</summary>
    CnameLoop,
    /// <summary>The name cannot be a domain name (bad IDNA, empty label, too long): permanent.</summary>
    InvalidName,
}

public static class DnsStatusExtensions
{
    /// <summary>The short lowercase kind operators see: <c>nxdomain</c>, <c>servfail</c>, <c>timeout</c>, ...</summary>
    public static string ToKind(this DnsStatus status) => status switch
    {
        DnsStatus.Ok => "ok",
        DnsStatus.NoData => "nodata",
        DnsStatus.NxDomain => "nxdomain",
        DnsStatus.ServFail => "servfail",
        DnsStatus.Refused => "refused",
        DnsStatus.FormatError => "formerr",
        DnsStatus.NotImplemented => "notimp",
        DnsStatus.OtherRcode => "rcode",
        DnsStatus.Timeout => "timeout",
        DnsStatus.Malformed => "malformed",
        DnsStatus.NetworkError => "network",
        DnsStatus.CnameLoop => "cname_loop",
        DnsStatus.InvalidName => "invalid_name",
        _ => status.ToString().ToLowerInvariant(),
    };

    /// <summary>An answer a retry will not change: the name does not exist or cannot exist.</summary>
    public static bool IsPermanent(this DnsStatus status) => status is DnsStatus.NxDomain or DnsStatus.InvalidName;

    /// <summary>An authoritative statement about the name (records, or none) as opposed to a failure to learn it.</summary>
    public static bool IsDefinite(this DnsStatus status) => status is DnsStatus.Ok or DnsStatus.NoData or DnsStatus.NxDomain;
}
