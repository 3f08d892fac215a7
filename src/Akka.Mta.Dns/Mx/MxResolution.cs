using System.Net;

namespace Akka.Mta.Dns.Mx;

/// <summary>How an MX resolution ended.</summary>
public enum MxOutcome
{
    /// <summary>Hosts to try (from MX records, the implicit MX, or a domain literal).</summary>
    Hosts,
    /// <summary>The domain publishes a null MX (RFC 7505): it accepts no mail. Permanent.</summary>
    NullMx,
    /// <summary>The MX lookup failed; <see cref="MxResolution.FailureStatus"/> says how.</summary>
    Failed,
}

/// <summary>
/// The delivery plan for a domain. <see cref="Preferences"/> are ascending, hosts sorted by name
/// within one preference; <see cref="Site"/> is the factored site name (empty for a null MX or a
/// failure). <see cref="IsImplicit"/>: no MX records, so the domain itself is the host (RFC 5321 5.1).
/// <see cref="Expires"/> is the earliest expiry of the MX and address answers used.
/// </summary>
public sealed record MxResolution(
    string Domain,
    MxOutcome Outcome,
    IReadOnlyList<MxPreferenceGroup> Preferences,
    string Site,
    bool IsImplicit,
    bool IsDomainLiteral,
    DateTimeOffset Expires,
    DnsStatus? FailureStatus = null,
    string? Detail = null)
{
    /// <summary>All hosts in the order to try them.</summary>
    public IEnumerable<MxHost> Hosts => Preferences.SelectMany(group => group.Hosts);

    /// <summary>Mail for this domain should bounce rather than wait: null MX, NXDOMAIN, or a name that cannot exist.</summary>
    public bool IsPermanentFailure => Outcome == MxOutcome.NullMx || (Outcome == MxOutcome.Failed && FailureStatus is { } status && status.IsPermanent());
}

/// <summary>The hosts sharing one MX preference.</summary>
public sealed record MxPreferenceGroup(ushort Preference, IReadOnlyList<MxHost> Hosts);

/// <summary>
/// One MX host and its addresses (A first, then AAAA). With no addresses,
/// <see cref="AddressStatus"/> says why (NXDOMAIN, NODATA, a timeout, ...).
/// </summary>
public sealed record MxHost(string Name, ushort Preference, IReadOnlyList<IPAddress> Addresses, DnsStatus AddressStatus, string? AddressDetail = null);
