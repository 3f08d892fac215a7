namespace Akka.Mta.Dns.Mx;

/// <summary>Where to deliver mail for a domain: what the MTA asks before every connection plan.</summary>
public interface IMxResolver
{
    /// <summary>
    /// The MX hosts of <paramref name="domain"/> (a name, an international name, or a literal
    /// <c>[192.0.2.1]</c> / <c>[IPv6:2001:db8::1]</c>) with their addresses and the site name.
    /// Failures are results; throws only <see cref="OperationCanceledException"/>.
    /// </summary>
    Task<MxResolution> ResolveMxAsync(string domain, CancellationToken cancellationToken = default);
}
