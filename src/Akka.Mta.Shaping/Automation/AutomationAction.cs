using Akka.Mta.Shaping.Model;
using Akka.Mta.Toml;

namespace Akka.Mta.Shaping.Automation;

/// <summary>
/// What a triggered automation rule does. A closed-looking but open set: each variant is a record,
/// all parsed in one place (<see cref="AutomationActionParser"/>), so new variants (throttle
/// programs, relative adjustments, result overrides) are a record plus one registration.
/// </summary>
public abstract record AutomationAction
{
    /// <summary>The variant name as written (<c>Suspend</c>, <c>SetConfig</c>, ...).</summary>
    public abstract string Name { get; }

    /// <summary>The action as a file writes it: a bare string for a unit variant, <c>{Name={...}}</c> otherwise.</summary>
    public virtual TomlNode ToWritten() => new TomlString(Name);
}

/// <summary>Suspend the ready queue (egress source -> site) whose delivery produced the response.</summary>
public sealed record SuspendAction : AutomationAction
{
    public static readonly SuspendAction Instance = new();

    public override string Name => "Suspend";
}

/// <summary>Suspend the scheduled queues of the record's tenant for the destination domain (nothing without a tenant).</summary>
public sealed record SuspendTenantAction : AutomationAction
{
    public static readonly SuspendTenantAction Instance = new();

    public override string Name => "SuspendTenant";
}

/// <summary>Suspend the scheduled queues of the record's campaign (falls back to the tenant without a campaign).</summary>
public sealed record SuspendCampaignAction : AutomationAction
{
    public static readonly SuspendCampaignAction Instance = new();

    public override string Name => "SuspendCampaign";
}

/// <summary>Bounce the scheduled queues of the destination domain (KumoMTA also narrows to the tenant when the queue has one).</summary>
public sealed record BounceAction : AutomationAction
{
    public static readonly BounceAction Instance = new();

    public override string Name => "Bounce";
}

/// <summary>Bounce the destination domain's queues of the record's tenant (nothing without a tenant).</summary>
public sealed record BounceTenantAction : AutomationAction
{
    public static readonly BounceTenantAction Instance = new();

    public override string Name => "BounceTenant";
}

/// <summary>Bounce the destination domain's queues of the record's campaign (the tenant's without a campaign).</summary>
public sealed record BounceCampaignAction : AutomationAction
{
    public static readonly BounceCampaignAction Instance = new();

    public override string Name => "BounceCampaign";
}

/// <summary>
/// Beyond KumoMTA (GreenArrow's pause by sender domain): stop delivering mail whose envelope sender
/// (RFC 5321 MailFrom) or From: header domain is the record's sender domain to the record's site,
/// across all egress sources, for the rule's duration.
/// </summary>
public sealed record PauseSenderDomainAction : AutomationAction
{
    public static readonly PauseSenderDomainAction Instance = new();

    public override string Name => "PauseSenderDomain";
}

/// <summary>
/// One egress-path option value an action sets for a while, checked against the option schema
/// when the rule was loaded. <see cref="Param"/> holds the typed value, ready to layer over a path's configuration.
/// </summary>
public sealed record ConfigOverride(string Option, TomlNode Value, ParamValue Param)
{
    public TomlNode ToWritten() => new TomlTable(TomlTableKind.Inline) { { "name", Option }, { "value", Value } };
}

/// <summary>
/// A time-limited egress-path override; scoped to the site when the rule came from <c>default</c> or an
/// <c>mx_rollup</c> domain block, else to the recipient domain.
/// </summary>
public sealed record SetConfigAction(ConfigOverride Override) : AutomationAction
{
    public override string Name => "SetConfig";

    public override TomlNode ToWritten() => new TomlTable(TomlTableKind.Inline) { { Name, Override.ToWritten() } };
}

/// <summary>Like <see cref="SetConfigAction"/>, always scoped to the recipient domain.</summary>
public sealed record SetDomainConfigAction(ConfigOverride Override) : AutomationAction
{
    public override string Name => "SetDomainConfig";

    public override TomlNode ToWritten() => new TomlTable(TomlTableKind.Inline) { { Name, Override.ToWritten() } };
}

/// <summary>
/// Beyond KumoMTA (gradual recovery): lowers one numeric path option by <see cref="ReducePercent"/>
/// (never below <see cref="Floor"/>) on each trigger, then, after <see cref="StepAfter"/> without a
/// new trigger, raises it by <see cref="StepPercent"/> of its configured value per step until it is back.
/// Options: <c>connection_limit</c>, <c>max_message_rate</c>, <c>max_connection_rate</c>, <c>max_deliveries_per_connection</c>.
/// </summary>
public sealed record AdjustConfigAction(string Option, int ReducePercent, long Floor, TimeSpan StepAfter, int StepPercent) : AutomationAction
{
    public static readonly IReadOnlyList<string> Options = ["connection_limit", "max_message_rate", "max_connection_rate", "max_deliveries_per_connection"];

    public override string Name => "AdjustConfig";

    public override TomlNode ToWritten() => new TomlTable(TomlTableKind.Inline)
    {
        {
            Name, new TomlTable(TomlTableKind.Inline)
            {
                { "name", Option },
                { "reduce_percent", (long)ReducePercent },
                { "floor", Floor },
                { "step_after", Akka.Mta.Core.Throttling.HumanDuration.Format(StepAfter) },
                { "step_percent", (long)StepPercent },
            }
        },
    };
}
