using Akka.Mta.Dns.Mx;
using Akka.Mta.Shaping.Merging;

namespace Akka.Mta.Delivery.Routing;

/// <summary>
/// MX hosts for the shaping library from the MTA's resolver: hosts by preference and the site
/// name exactly as delivery computes it, so shaping rules match the paths delivery uses.
/// </summary>
public sealed class ResolverMxHostsSource(IMxResolver resolver) : IMxHostsSource
{
    public async ValueTask<MxHostsResult> GetMxHostsAsync(string domain, CancellationToken cancellationToken = default)
    {
        var resolution = await resolver.ResolveMxAsync(domain, cancellationToken).ConfigureAwait(false);
        return resolution.Outcome switch
        {
            MxOutcome.Hosts => MxHostsResult.FromHosts(resolution.Hosts.Select(h => h.Name), resolution.Site),
            MxOutcome.NullMx => MxHostsResult.NullMx,
            _ => MxHostsResult.Failed(resolution.Detail ?? $"MX lookup failed: {resolution.FailureStatus}"),
        };
    }
}
