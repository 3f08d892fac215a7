using Akka.Mta.Core.Throttling;
using Akka.Mta.Toml;

namespace Akka.Mta.Shaping.Automation;

/// <summary>When a matching response makes a rule act.</summary>
public abstract record AutomationTrigger
{
    /// <summary>The trigger as a file writes it.</summary>
    public abstract TomlNode ToWritten();
}

/// <summary>On the first match.</summary>
public sealed record ImmediateTrigger : AutomationTrigger
{
    public static readonly ImmediateTrigger Instance = new();

    public override TomlNode ToWritten() => new TomlString("Immediate");
}

/// <summary>
/// When <see cref="ThrottleSpec.Limit"/> matches arrive within the spec's own period (per rule and
/// ready queue). Akka.Mta counts over the threshold's period as documented; KumoMTA's daemon counts
/// over the rule's duration instead.
/// </summary>
public sealed record ThresholdTrigger(ThrottleSpec Spec, string Written) : AutomationTrigger
{
    /// <summary>How many matches trigger the rule.</summary>
    public long Count => Spec.Limit;

    /// <summary>The window the matches are counted in.</summary>
    public TimeSpan Window => TimeSpan.FromSeconds(Spec.PeriodSeconds);

    public override TomlNode ToWritten() => new TomlTable(TomlTableKind.Inline) { { "Threshold", Written } };
}
