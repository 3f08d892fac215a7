using System.Text;

namespace Akka.Mta.Core.Queues;

/// <summary>
/// The name of a scheduled queue: <c>[campaign ":"] [tenant] "@" domain ["!" routing_domain]</c>
/// (KumoMTA's grammar). The formatted string is the ScheduledQueue entity id.
/// <list type="bullet">
/// <item><c>campaign:tenant@domain</c>, <c>campaign:@domain</c>, <c>tenant@domain</c>, <c>domain</c>;</item>
/// <item>a routing domain is appended as <c>!routing</c>.</item>
/// </list>
/// </summary>
public sealed record ScheduledQueueName(string Domain, string? Tenant = null, string? Campaign = null, string? RoutingDomain = null)
{
    /// <summary>
    /// Parses a queue name: split at the first <c>@</c>; a prefix with <c>:</c> is campaign:tenant
    /// (tenant may be empty), else the prefix is the tenant; the rest splits at the first <c>!</c>.
    /// </summary>
    public static ScheduledQueueName Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string? campaign = null, tenant = null;
        var rest = name;
        var at = name.IndexOf('@');
        if (at >= 0)
        {
            var prefix = name[..at];
            rest = name[(at + 1)..];
            var colon = prefix.IndexOf(':');
            if (colon >= 0)
            {
                campaign = prefix[..colon];
                tenant = Empty(prefix[(colon + 1)..]);
            }
            else
            {
                tenant = Empty(prefix);
            }
        }
        var bang = rest.IndexOf('!');
        var domain = bang >= 0 ? rest[..bang] : rest;
        var routing = bang >= 0 ? Empty(rest[(bang + 1)..]) : null;
        if (domain.Length == 0)
        {
            throw new FormatException($"scheduled queue name \"{name}\" has no domain");
        }
        return new ScheduledQueueName(domain, tenant, campaign, routing);
    }

    /// <summary>The queue a message goes to when its metadata names no queue explicitly.</summary>
    public static ScheduledQueueName For(string recipientDomain, string? tenant, string? campaign, string? routingDomain) =>
        new(recipientDomain.ToLowerInvariant(), Empty(tenant), Empty(campaign), Empty(routingDomain));

    public override string ToString()
    {
        var sb = new StringBuilder();
        if (Campaign is not null)
        {
            sb.Append(Campaign).Append(':').Append(Tenant).Append('@');
        }
        else if (Tenant is not null)
        {
            sb.Append(Tenant).Append('@');
        }
        sb.Append(Domain);
        if (RoutingDomain is not null)
        {
            sb.Append('!').Append(RoutingDomain);
        }
        return sb.ToString();
    }

    private static string? Empty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
