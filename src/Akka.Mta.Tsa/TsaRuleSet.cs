using System.Collections.Concurrent;
using System.Collections.Frozen;
using Akka.Mta.Core.Logging;
using Akka.Mta.Core.Queues;
using Akka.Mta.Shaping.Automation;
using Akka.Mta.Shaping.Merging;

namespace Akka.Mta.Tsa;

/// <summary>
/// The automation rules of a loaded <see cref="ShapingModel"/>, each with its stable id, and how to
/// find the rules a log record triggers (KumoMTA's <c>match_rules</c>). Immutable apart from a
/// thread-safe cache of site expansions; share one per model.
/// </summary>
public sealed class TsaRuleSet
{
    private readonly Dictionary<AutomationRule, TsaRule> _rules = new(ReferenceEqualityComparer.Instance);
    private readonly Func<string, string, MxHostsResult?> _mx;
    private readonly ConcurrentDictionary<string, MxHostsResult> _siteMx = new(StringComparer.Ordinal);

    /// <param name="model">The merged shaping files.</param>
    /// <param name="mx">
    /// The MX hosts of (recipient domain, site name) for provider rules that match on MX hosts; by
    /// default they are recovered from the record's site name (<see cref="SiteHosts"/>), so matching
    /// needs no DNS.
    /// </param>
    public TsaRuleSet(ShapingModel model, Func<string, string, MxHostsResult?>? mx = null)
    {
        Model = model;
        _mx = mx ?? ((_, site) => _siteMx.GetOrAdd(site, SiteHosts.ToMx));
        foreach (var (key, block) in model.ByDomain)
        {
            Add(block.Automation, key == "default" ? "default" : "domain:" + key, key == "default");
        }
        foreach (var provider in model.Providers)
        {
            Add(provider.Automation, "provider:" + provider.Name, false);
        }
        foreach (var (site, block) in model.BySite)
        {
            Add(block.Automation, "site:" + site, true);
        }
        ById = _rules.Values.GroupBy(r => r.Id).ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    public ShapingModel Model { get; }

    /// <summary>Every rule by id (identical rules in one block share an id, as KumoMTA's rule hash does).</summary>
    public FrozenDictionary<string, TsaRule> ById { get; }

    public int Count => _rules.Count;

    /// <summary>
    /// Record types the TSA considers: what KumoMTA's kumod publishes by default, i.e. every type except
    /// <c>Reception</c>, <c>Rejection</c>, <c>Delayed</c>, <c>AdminRebind</c>, <c>DeferredInjectionRebind</c>,
    /// <c>XferIn</c> and <c>XferOut</c>.
    /// </summary>
    public static readonly FrozenSet<LogRecordType> ConsideredTypes = new[]
    {
        LogRecordType.Delivery, LogRecordType.Bounce, LogRecordType.TransientFailure, LogRecordType.Expiration,
        LogRecordType.AdminBounce, LogRecordType.OOB, LogRecordType.Feedback,
    }.ToFrozenSet();

    /// <summary>
    /// The rules <paramref name="record"/> triggers, with what the effects need from it; null when it
    /// triggers none (a type the TSA skips, a log-hook record, no recipient domain, no matching rule).
    /// </summary>
    public TsaMatch? Match(LogRecord record)
    {
        if (!ConsideredTypes.Contains(record.Type) || record.ReceptionProtocol == "LogRecord")
        {
            return null;
        }
        var at = record.Recipient.LastIndexOf('@');
        if (at < 0 || at == record.Recipient.Length - 1)
        {
            return null;
        }
        var domain = record.Recipient[(at + 1)..].ToLowerInvariant();
        var source = string.IsNullOrEmpty(record.EgressSource) ? EgressPathId.UnspecifiedSource : record.EgressSource;
        var site = ShapingModel.SiteFromReadyQueueName(record.Site, source);
        var response = record.Response.ToSmtpResponse();
        var matched = Model.MatchRules(response.ToSingleLine(), response.IsInternal, domain, site, site.Length == 0 ? null : _mx(domain, site));
        if (matched.Count == 0)
        {
            return null;
        }
        var rules = new TsaRule[matched.Count];
        for (var i = 0; i < matched.Count; i++)
        {
            rules[i] = _rules.TryGetValue(matched[i].Rule, out var known) ? known : new TsaRule(matched[i].Rule, matched[i].Scope, matched[i].IsRollup);
        }
        return new TsaMatch(record, rules, domain, source, site, ParseQueue(record.Queue));
    }

    private void Add(IReadOnlyList<AutomationRule> rules, string block, bool rollup)
    {
        foreach (var rule in rules)
        {
            _rules.TryAdd(rule, new TsaRule(rule, block, rollup || rule.Block.IsRollup));
        }
    }

    private static ScheduledQueueName? ParseQueue(string queue)
    {
        try
        {
            return queue.Length == 0 ? null : ScheduledQueueName.Parse(queue);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>
/// A log record and the rules it triggers, with the parts of the record effects are scoped by:
/// the recipient domain, the egress source, the site name and the scheduled queue name.
/// </summary>
public sealed record TsaMatch(LogRecord Record, IReadOnlyList<TsaRule> Rules, string Domain, string Source, string Site, ScheduledQueueName? Queue)
{
    /// <summary>The egress path (ready queue) that produced the record: threshold counters and path suspensions are keyed by it.</summary>
    public string Path => Record.Site;
}
