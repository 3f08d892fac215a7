namespace Akka.Mta.Core.Routing;

/// <summary>
/// The site name of a destination: the key under which domains sharing the same MX hosts share
/// one ready queue and one set of shaping rules (KumoMTA's MX rollup). It is computed from the
/// MX host list by factoring the host names label by label, or from an explicit <c>mx_list</c>.
/// </summary>
public static class SiteName
{
    /// <summary>Prefix of the site name of a queue routed to an explicit list of hosts.</summary>
    public const string MxListPrefix = "mx_list:";

    /// <summary>
    /// Factors host names (in the order given: by preference, then alphabetically) into one
    /// pattern: <c>mta5/6/7.am0.yahoodns.net</c> become <c>(mta5|mta6|mta7).am0.yahoodns.net</c>,
    /// and a label position some names lack gets a trailing <c>?</c>. Names are lowercased and
    /// lose their trailing dot; a port (<c>host:2525</c>) stays on the last label; a name with an
    /// empty label is skipped. The null MX (<c>.</c>) and an empty list give an empty site name.
    /// </summary>
    public static string FromHosts(IReadOnlyList<string> hosts)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        var reversedNames = new List<string[]>(hosts.Count);
        var longest = 0;
        foreach (var host in hosts)
        {
            if (SplitReversed(host) is { } labels)
            {
                reversedNames.Add(labels);
                longest = Math.Max(longest, labels.Length);
            }
        }

        // Per label position (counted from the top-level domain): the distinct labels in
        // first-seen order, and whether some name was too short to have that position.
        var positions = new List<string>[longest];
        var missing = new bool[longest];
        for (var i = 0; i < longest; i++)
        {
            positions[i] = [];
        }
        foreach (var labels in reversedNames)
        {
            for (var i = 0; i < longest; i++)
            {
                if (i >= labels.Length)
                {
                    missing[i] = true;
                }
                else if (!positions[i].Contains(labels[i]))
                {
                    positions[i].Add(labels[i]);
                }
            }
        }

        var rendered = new string[longest];
        for (var i = 0; i < longest; i++)
        {
            var choices = positions[i];
            var text = choices.Count == 1 ? choices[0] : "(" + string.Join('|', choices) + ")";
            rendered[longest - 1 - i] = missing[i] ? text + "?" : text;
        }
        return string.Join('.', rendered);
    }

    /// <summary>
    /// The site name of a queue with an explicit host list: <c>mx_list:</c> followed by the entries
    /// as configured (names, or addresses with their ports), joined by commas.
    /// </summary>
    public static string FromMxList(IEnumerable<string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return MxListPrefix + string.Join(',', entries);
    }

    /// <summary>True for a site name made by <see cref="FromMxList"/>.</summary>
    public static bool IsMxList(string siteName) => siteName.StartsWith(MxListPrefix, StringComparison.Ordinal);

    private static string[]? SplitReversed(string host)
    {
        var name = host.Trim().ToLowerInvariant();
        if (name.EndsWith('.'))
        {
            name = name[..^1];
        }
        if (name.Length == 0)
        {
            return [];
        }
        var labels = name.Split('.');
        if (Array.Exists(labels, label => label.Length == 0))
        {
            return null;
        }
        Array.Reverse(labels);
        return labels;
    }
}
