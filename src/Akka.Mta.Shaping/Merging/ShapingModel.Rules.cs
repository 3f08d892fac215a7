using Akka.Mta.Core.Smtp;
using Akka.Mta.Shaping.Automation;
using Akka.Mta.Shaping.Resolution;

namespace Akka.Mta.Shaping.Merging;

public sealed partial class ShapingModel
{
    /// <summary>
    /// The automation rules a delivery response triggers, in KumoMTA's order: <c>default</c>, each
    /// matching provider's, the site's (<paramref name="site"/>: the ready queue's site name), then
    /// the recipient domain's. Every matching rule is returned (duplicates across files included).
    /// </summary>
    public IReadOnlyList<MatchedRule> MatchRules(SmtpResponse response, string domain, string? site, MxHostsResult? mx) =>
        MatchRules(response.ToSingleLine(), response.IsInternal, domain, site, mx);

    /// <summary>
    /// As <see cref="MatchRules(SmtpResponse, string, string?, MxHostsResult?)"/> for a response already in
    /// single-line form (<c>"421 4.7.0 [TSS04] Messages from ..."</c>); <paramref name="isInternal"/> marks
    /// the MTA's own responses, which only <c>match_internal</c> rules consider.
    /// </summary>
    public IReadOnlyList<MatchedRule> MatchRules(string responseLine, bool isInternal, string domain, string? site, MxHostsResult? mx)
    {
        var name = DomainNames.Normalize(domain);
        List<MatchedRule>? result = null;
        if (Default is not null)
        {
            Collect(ref result, Default.Automation, responseLine, isInternal, "default", true);
        }
        foreach (var provider in ProviderIndex.Match(name, mx))
        {
            Collect(ref result, provider.Automation, responseLine, isInternal, "provider:" + provider.Name, false);
        }
        if (!string.IsNullOrEmpty(site) && BySite.TryGetValue(site, out var bySite))
        {
            Collect(ref result, bySite.Automation, responseLine, isInternal, "site:" + site, true);
        }
        if (ByDomain.TryGetValue(name, out var byDomain))
        {
            Collect(ref result, byDomain.Automation, responseLine, isInternal, "domain:" + name, false);
        }
        return result ?? (IReadOnlyList<MatchedRule>)[];
    }

    /// <summary>
    /// The site name inside a ready queue name as delivery records carry it (<c>"ip-1->mx.example.com@smtp_client"</c>):
    /// without the <c>"&lt;source&gt;-&gt;"</c> prefix and the <c>"@smtp_client"</c> suffix.
    /// </summary>
    public static string SiteFromReadyQueueName(string readyQueueName, string? egressSource)
    {
        var prefix = (egressSource ?? "unspecified") + "->";
        var site = readyQueueName.StartsWith(prefix, StringComparison.Ordinal) ? readyQueueName[prefix.Length..] : readyQueueName;
        return site.EndsWith("@smtp_client", StringComparison.Ordinal) ? site[..^"@smtp_client".Length] : site;
    }

    private static void Collect(ref List<MatchedRule>? result, IReadOnlyList<AutomationRule> rules, string line, bool isInternal, string scope, bool rollup)
    {
        foreach (var rule in rules)
        {
            if (rule.Matches(line, isInternal))
            {
                (result ??= []).Add(new MatchedRule(rule, scope, rollup));
            }
        }
    }
}
