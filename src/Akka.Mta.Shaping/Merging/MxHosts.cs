using Akka.Mta.Core.Routing;

namespace Akka.Mta.Shaping.Merging;

/// <summary>How looking up a domain's MX hosts ended.</summary>
public enum MxHostsStatus
{
    /// <summary>Hosts to deliver to (from MX records, or the domain itself when it has none).</summary>
    Hosts,

    /// <summary>The domain publishes a null MX: no hosts, no site.</summary>
    NullMx,

    /// <summary>The lookup failed.</summary>
    Failed,

    /// <summary>Not looked up (DNS turned off).</summary>
    NotLookedUp,
}

/// <summary>
/// The MX hosts of a domain in delivery order (lowercase, no trailing dot) and the site name they
/// factor into. Provider <c>MXSuffix</c>/<c>HostName</c> rules and <c>mx_rollup</c> blocks use it.
/// </summary>
public sealed record MxHostsResult(MxHostsStatus Status, IReadOnlyList<string> Hosts, string Site, string? Detail = null)
{
    public static readonly MxHostsResult NullMx = new(MxHostsStatus.NullMx, [], "", "the domain publishes a null MX");

    /// <summary>True when there are hosts to match provider rules against.</summary>
    public bool HasHosts => Status == MxHostsStatus.Hosts && Hosts.Count > 0;

    /// <summary>The hosts as given (normalized); a lone <c>.</c> or an empty list is a null MX.</summary>
    public static MxHostsResult FromHosts(IEnumerable<string> hosts, string? site = null)
    {
        var normalized = hosts.Select(Normalize).Where(h => h.Length > 0).ToList();
        if (normalized.Count == 0)
        {
            return NullMx;
        }
        return new MxHostsResult(MxHostsStatus.Hosts, normalized, site ?? SiteName.FromHosts(normalized));
    }

    public static MxHostsResult Failed(string detail) => new(MxHostsStatus.Failed, [], "", detail);

    public static MxHostsResult NotLookedUp(string reason) => new(MxHostsStatus.NotLookedUp, [], "", reason);

    /// <summary>Lowercase without the trailing dot, as KumoMTA compares host names.</summary>
    public static string Normalize(string host)
    {
        var name = host.Trim().ToLowerInvariant();
        return name.EndsWith('.') ? name[..^1] : name;
    }
}

/// <summary>Where MX hosts come from: DNS, a fixed list (<c>--mx</c>, tests), or nowhere (<c>--no-dns</c>).</summary>
public interface IMxHostsSource
{
    /// <summary>The MX hosts of <paramref name="domain"/>; failures are results, not exceptions.</summary>
    ValueTask<MxHostsResult> GetMxHostsAsync(string domain, CancellationToken cancellationToken = default);
}

/// <summary>Fixed answers for some domains; every other domain goes to <paramref name="fallback"/>.</summary>
public sealed class StaticMxHostsSource(IReadOnlyDictionary<string, MxHostsResult> answers, IMxHostsSource fallback) : IMxHostsSource
{
    public StaticMxHostsSource(IReadOnlyDictionary<string, IReadOnlyList<string>> hosts, IMxHostsSource fallback)
        : this(hosts.ToDictionary(kv => MxHostsResult.Normalize(kv.Key), kv => MxHostsResult.FromHosts(kv.Value), StringComparer.Ordinal), fallback)
    {
    }

    public ValueTask<MxHostsResult> GetMxHostsAsync(string domain, CancellationToken cancellationToken = default) =>
        answers.TryGetValue(MxHostsResult.Normalize(domain), out var result) ? ValueTask.FromResult(result) : fallback.GetMxHostsAsync(domain, cancellationToken);
}

/// <summary>Looks nothing up: every domain is <see cref="MxHostsStatus.NotLookedUp"/>.</summary>
public sealed class NoDnsMxHostsSource(string reason = "DNS lookups are turned off") : IMxHostsSource
{
    public static readonly NoDnsMxHostsSource Instance = new();

    public ValueTask<MxHostsResult> GetMxHostsAsync(string domain, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(MxHostsResult.NotLookedUp(reason));
}
