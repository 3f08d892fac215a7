using System.Text.RegularExpressions;
using Akka.Mta.Toml;

namespace Akka.Mta.Shaping.Automation;

/// <summary>Where a rule was declared: under <c>default</c>, a provider, or a domain block.</summary>
public enum RuleBlockKind
{
    Default,
    Provider,
    Domain,
}

/// <summary>The block a rule belongs to; <see cref="MxRollup"/> tells a site-wide domain block from a plain one.</summary>
public sealed record RuleBlock(RuleBlockKind Kind, string Name, bool MxRollup)
{
    public static readonly RuleBlock Default = new(RuleBlockKind.Default, "default", true);

    /// <summary>KumoMTA's <c>was_rollup</c>: rules of <c>default</c> and of <c>mx_rollup</c> domain blocks act on the whole site.</summary>
    public bool IsRollup => Kind == RuleBlockKind.Default || (Kind == RuleBlockKind.Domain && MxRollup);
}

/// <summary>One regular expression of a rule: as written, and compiled for .NET.</summary>
public sealed record RulePattern(string Source, Regex Regex, TomlPosition Position);

/// <summary>
/// One automation rule: the response patterns (any one matching is enough), the actions, the
/// trigger, how long the effect lasts, and whether KumoMTA/Akka.Mta internal responses may match.
/// <see cref="Origin"/> is where the rule's table starts.
/// </summary>
public sealed record AutomationRule(
    IReadOnlyList<RulePattern> Patterns,
    bool PatternsWrittenAsList,
    IReadOnlyList<AutomationAction> Actions,
    bool ActionsWrittenAsList,
    AutomationTrigger Trigger,
    TimeSpan Duration,
    TomlNode DurationWritten,
    bool MatchInternal,
    RuleBlock Block,
    TomlPosition Origin)
{
    /// <summary>
    /// True when a response (its single-line form, <c>"421 4.7.0 [TSS04] Messages ..."</c>) matches
    /// one of the patterns. Internal responses match only rules with <see cref="MatchInternal"/>;
    /// a pattern that exceeds its match timeout counts as not matching.
    /// </summary>
    public bool Matches(string responseLine, bool isInternal)
    {
        if (isInternal && !MatchInternal)
        {
            return false;
        }
        foreach (var pattern in Patterns)
        {
            try
            {
                if (pattern.Regex.IsMatch(responseLine))
                {
                    return true;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // As KumoMTA treats a regex error: no match.
            }
        }
        return false;
    }

    /// <summary>The regex as written: one string, or a list.</summary>
    public TomlNode RegexWritten
    {
        get
        {
            if (!PatternsWrittenAsList)
            {
                return new TomlString(Patterns[0].Source);
            }
            var array = new TomlArray();
            foreach (var pattern in Patterns)
            {
                array.Add(new TomlString(pattern.Source));
            }
            return array;
        }
    }

    /// <summary>The action as written: one action, or a list.</summary>
    public TomlNode ActionWritten
    {
        get
        {
            if (!ActionsWrittenAsList)
            {
                return Actions[0].ToWritten();
            }
            var array = new TomlArray();
            foreach (var action in Actions)
            {
                array.Add(action.ToWritten());
            }
            return array;
        }
    }

    /// <summary>The regex rendered the way KumoMTA's reasons show it: the pattern, or <c>(r1,r2,...)</c>.</summary>
    public string RegexDisplay => Patterns.Count == 1 && !PatternsWrittenAsList
        ? Patterns[0].Source
        : "(" + string.Join(",", Patterns.Select(p => p.Source)) + ")";
}
