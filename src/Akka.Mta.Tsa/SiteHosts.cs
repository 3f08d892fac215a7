using Akka.Mta.Core.Routing;
using Akka.Mta.Shaping.Merging;

namespace Akka.Mta.Tsa;

/// <summary>
/// MX host names recovered from a site name, so provider rules (<c>MXSuffix</c>, <c>HostName</c>)
/// can match a log record without a DNS lookup: the site name is the factored form of the hosts the
/// delivery used (<c>(mta5|mta6|mta7).am0.yahoodns.net</c>), and expanding it gives them back
/// (<c>mta5.am0.yahoodns.net</c>, ...). Factoring loses which alternatives went together, so the
/// expansion may contain combinations no MX had; they share every suffix the real hosts share,
/// which is what provider rules compare. An <c>mx_list:</c> site has no MX hosts.
/// </summary>
public static class SiteHosts
{
    /// <summary>Expansions beyond this many hosts are cut off (a site of that many MX hosts is not a provider's).</summary>
    public const int MaxHosts = 64;

    public static IReadOnlyList<string> Expand(string site)
    {
        ArgumentNullException.ThrowIfNull(site);
        if (site.Length == 0 || SiteName.IsMxList(site))
        {
            return [];
        }
        List<string> results = [""];
        foreach (var label in site.Split('.'))
        {
            var optional = label.EndsWith('?');
            var body = optional ? label[..^1] : label;
            var choices = body.StartsWith('(') && body.EndsWith(')') ? body[1..^1].Split('|') : [body];
            var next = new List<string>(results.Count * (choices.Length + (optional ? 1 : 0)));
            foreach (var prefix in results)
            {
                if (optional)
                {
                    next.Add(prefix);
                }
                foreach (var choice in choices)
                {
                    next.Add(prefix.Length == 0 ? choice : prefix + "." + choice);
                    if (next.Count >= MaxHosts)
                    {
                        break;
                    }
                }
                if (next.Count >= MaxHosts)
                {
                    break;
                }
            }
            results = next;
        }
        return results.Where(h => h.Length > 0).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The site's hosts as an MX answer (not looked up when the site has none).</summary>
    public static MxHostsResult ToMx(string site)
    {
        var hosts = Expand(site);
        return hosts.Count == 0 ? MxHostsResult.NotLookedUp("the record names no site") : MxHostsResult.FromHosts(hosts, site);
    }
}
