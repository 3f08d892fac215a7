using Akka.Mta.Shaping.Automation;

namespace Akka.Mta.Tsa;

/// <summary>
/// What each action of a triggered rule does for one record, and the key its effect is held under:
/// (rule, action, scope), so a later trigger of the same action for the same scope extends the
/// effect instead of adding one.
/// <list type="bullet">
/// <item><c>Suspend</c>: the egress path that produced the record (nothing when the record has none).</item>
/// <item><c>SetConfig</c> of a rollup rule (<c>default</c>, site blocks): the egress path, i.e. site and source;
/// <c>SetConfig</c> of any other rule and <c>SetDomainConfig</c>: the recipient domain and source.</item>
/// <item><c>SuspendTenant</c>/<c>BounceTenant</c>: the queue's tenant and domain (nothing without a tenant);
/// <c>SuspendCampaign</c>/<c>BounceCampaign</c>: plus the campaign (the tenant's queues without one);
/// <c>Bounce</c>: the domain, narrowed to the tenant when the queue has one (KumoMTA does the same).</item>
/// <item><c>PauseSenderDomain</c>: the record's sender domain and site (nothing for the null sender).</item>
/// </list>
/// </summary>
internal static class TsaEffects
{
    public static IReadOnlyList<(string Key, TsaEffect Effect)> For(TsaRule rule, TsaMatch match, DateTimeOffset time, DateTimeOffset expires)
    {
        var actions = rule.Rule.Actions;
        var result = new List<(string, TsaEffect)>(actions.Count);
        for (var i = 0; i < actions.Count; i++)
        {
            if (For(actions[i], rule, match, time, expires) is { } effect)
            {
                result.Add((rule.ActionId(i) + "|" + effect.Scope, effect));
            }
        }
        return result;
    }

    private static TsaEffect? For(AutomationAction action, TsaRule rule, TsaMatch match, DateTimeOffset time, DateTimeOffset expires)
    {
        var domain = match.Queue?.Domain ?? match.Domain;
        var tenant = match.Queue?.Tenant;
        var campaign = match.Queue?.Campaign;
        switch (action)
        {
            case SuspendAction:
                return match.Path.Length == 0 ? null : new SuspendPathEffect(match.Path, rule.Id, rule.Reason, time, expires);
            case SetConfigAction set:
                return Override(set.Override, action.Name, rule.IsRollup, rule, match, time, expires);
            case SetDomainConfigAction set:
                return Override(set.Override, action.Name, false, rule, match, time, expires);
            case SuspendTenantAction when tenant is not null:
                return new SuspendQueuesEffect(domain, tenant, null, action.Name, rule.Id, QueueReason(rule, domain, tenant, null), time, expires);
            case SuspendCampaignAction when tenant is not null:
                return new SuspendQueuesEffect(domain, tenant, campaign, action.Name, rule.Id, QueueReason(rule, domain, tenant, campaign), time, expires);
            case BounceAction:
                return new BounceQueuesEffect(domain, tenant, null, action.Name, rule.Id, QueueReason(rule, domain, tenant, null), time, expires);
            case BounceTenantAction when tenant is not null:
                return new BounceQueuesEffect(domain, tenant, null, action.Name, rule.Id, QueueReason(rule, domain, tenant, null), time, expires);
            case BounceCampaignAction when campaign is not null || tenant is not null:
                return new BounceQueuesEffect(domain, tenant, campaign, action.Name, rule.Id, QueueReason(rule, domain, tenant, campaign), time, expires);
            case PauseSenderDomainAction when Core.Smtp.MailDomain.Of(match.Record.Sender) is { } sender && match.Site.Length > 0:
                return new PauseSenderEffect(sender, match.Site, action.Name, rule.Id, $"{rule.Reason} sender={sender}", time, expires);
            case AdjustConfigAction adjust when match.Path.Length > 0:
                return new AdjustConfigEffect(match.Path, adjust.Option, adjust.ReducePercent, adjust.Floor, adjust.StepAfter, adjust.StepPercent,
                    action.Name, rule.Id, rule.Reason, time, expires);
            default:
                return null;
        }
    }

    private static ConfigOverrideEffect Override(ConfigOverride option, string action, bool rollup, TsaRule rule, TsaMatch match,
        DateTimeOffset time, DateTimeOffset expires) =>
        new(match.Domain, rollup, match.Site, match.Source, match.Path, option.Option, option.Value, action, rule.Id, rule.Reason, time, expires);

    /// <summary>KumoMTA's queue reasons: the rule's reason, then <c>tenant=… domain=… campaign=…</c> as present.</summary>
    private static string QueueReason(TsaRule rule, string domain, string? tenant, string? campaign) =>
        rule.Reason + (tenant is null ? "" : $" tenant={tenant}") + $" domain={domain}" + (campaign is null ? "" : $" campaign={campaign}");
}
