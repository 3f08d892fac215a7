using Akka.Mta.Toml;

namespace Akka.Mta.Tsa;

/// <summary>
/// What a triggered automation rule asks the MTA to do, and until when. Each variant says exactly
/// which queues or paths it covers, so applying it is one call: suspend a path, suspend or bounce
/// scheduled queues, or layer an option over a path's configuration. <see cref="Rule"/> is the
/// rule's stable id (<see cref="TsaRule.Id"/>), <see cref="TriggeredAt"/> the time of the log
/// record that (last) triggered it; the effect ends at <see cref="Expires"/>.
/// </summary>
/// <remarks><see cref="Action"/> is the action name as rules write it (<c>Suspend</c>, <c>SetConfig</c>, <c>SuspendTenant</c>, ...).</remarks>
public abstract record TsaEffect(string Action, string Rule, string Reason, DateTimeOffset TriggeredAt, DateTimeOffset Expires)
{
    /// <summary>What the effect covers, for people: <c>path ip-1-&gt;mx.example@smtp_client</c>, <c>queues tenant=acme domain=example.com</c>.</summary>
    public abstract string Scope { get; }

    /// <summary>How long the effect lasts from its trigger.</summary>
    public TimeSpan Duration => Expires - TriggeredAt;

    /// <summary>True while the effect applies.</summary>
    public bool IsActiveAt(DateTimeOffset now) => Expires > now;
}

/// <summary>Suspend one egress path (KumoMTA's ready queue <c>source-&gt;site@protocol</c>): the one whose delivery produced the response.</summary>
public sealed record SuspendPathEffect(string Path, string Rule, string Reason, DateTimeOffset TriggeredAt, DateTimeOffset Expires)
    : TsaEffect("Suspend", Rule, Reason, TriggeredAt, Expires)
{
    public override string Scope => $"path {Path}";
}

/// <summary>
/// One egress-path option overridden for a while (<c>SetConfig</c>/<c>SetDomainConfig</c>), for the
/// egress source <see cref="Source"/> only. With <see cref="MxRollup"/> it covers the whole site
/// (<see cref="Site"/>: every domain whose MX hosts roll up to it), else only <see cref="Domain"/>.
/// <see cref="Path"/> is the egress path that triggered it. <see cref="Value"/> is the option's
/// value as the rule wrote it (checked against the option schema when the rule was loaded).
/// </summary>
public sealed record ConfigOverrideEffect(
    string Domain,
    bool MxRollup,
    string Site,
    string Source,
    string Path,
    string Option,
    TomlNode Value,
    string Action,
    string Rule,
    string Reason,
    DateTimeOffset TriggeredAt,
    DateTimeOffset Expires)
    : TsaEffect(Action, Rule, Reason, TriggeredAt, Expires)
{
    public override string Scope => MxRollup ? $"site {Site} source {Source}" : $"domain {Domain} source {Source}";

    /// <summary>The option as TOML: <c>connection_limit = 1</c>.</summary>
    public string Setting => $"{Option} = {TomlWriter.FormatValue(Value)}";
}

/// <summary>
/// Suspend the scheduled queues of <see cref="Tenant"/> (and <see cref="Campaign"/> when set) for
/// the destination <see cref="Domain"/> (<c>SuspendTenant</c>, <c>SuspendCampaign</c>).
/// </summary>
public sealed record SuspendQueuesEffect(string Domain, string Tenant, string? Campaign, string Action, string Rule, string Reason,
    DateTimeOffset TriggeredAt, DateTimeOffset Expires)
    : TsaEffect(Action, Rule, Reason, TriggeredAt, Expires)
{
    public override string Scope => QueueScope.Describe(Domain, Tenant, Campaign);
}

/// <summary>
/// Bounce the scheduled queues of <see cref="Domain"/>, narrowed to <see cref="Tenant"/> and
/// <see cref="Campaign"/> when set (<c>Bounce</c>, <c>BounceTenant</c>, <c>BounceCampaign</c>): queued
/// messages now, and messages arriving in those queues until <see cref="TsaEffect.Expires"/>.
/// </summary>
public sealed record BounceQueuesEffect(string Domain, string? Tenant, string? Campaign, string Action, string Rule, string Reason,
    DateTimeOffset TriggeredAt, DateTimeOffset Expires)
    : TsaEffect(Action, Rule, Reason, TriggeredAt, Expires)
{
    public override string Scope => QueueScope.Describe(Domain, Tenant, Campaign);
}

/// <summary>
/// Hold mail from <see cref="SenderDomain"/> (envelope sender or From: header) to <see cref="Site"/>,
/// whatever the egress source (<c>PauseSenderDomain</c>).
/// </summary>
public sealed record PauseSenderEffect(string SenderDomain, string Site, string Action, string Rule, string Reason,
    DateTimeOffset TriggeredAt, DateTimeOffset Expires)
    : TsaEffect(Action, Rule, Reason, TriggeredAt, Expires)
{
    public override string Scope => $"sender {SenderDomain} site {Site}";
}

/// <summary>Lower one option of <see cref="Path"/> and let it recover in steps (<c>AdjustConfig</c>).</summary>
public sealed record AdjustConfigEffect(string Path, string Option, int ReducePercent, long Floor, TimeSpan StepAfter, int StepPercent,
    string Action, string Rule, string Reason, DateTimeOffset TriggeredAt, DateTimeOffset Expires)
    : TsaEffect(Action, Rule, Reason, TriggeredAt, Expires)
{
    public override string Scope => $"path {Path} {Option}";
}

internal static class QueueScope
{
    public static string Describe(string domain, string? tenant, string? campaign) =>
        "queues " + string.Join(' ', new[]
        {
            tenant is null ? null : $"tenant={tenant}",
            campaign is null ? null : $"campaign={campaign}",
            $"domain={domain}",
        }.OfType<string>());
}
