using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Akka.Mta.Shaping.Automation;
using Akka.Mta.Toml;

namespace Akka.Mta.Tsa;

/// <summary>
/// An automation rule as the TSA keys it: the rule, the block it came from (<c>default</c>,
/// <c>provider:yahoo</c>, <c>site:...</c>, <c>domain:comcast.net</c>) and a stable <see cref="Id"/>,
/// <c>&lt;block&gt;/&lt;hash&gt;</c>, where the hash (SHA-256, 12 hex digits) covers everything that
/// makes the rule what it is (patterns, actions, trigger, duration, match_internal). The id stays
/// the same when the shaping files are reloaded unchanged, so persisted counters and effects keep
/// their rules; editing a rule makes it a new one.
/// </summary>
public sealed class TsaRule
{
    internal TsaRule(AutomationRule rule, string block, bool isRollup)
    {
        Rule = rule;
        Block = block;
        IsRollup = isRollup;
        Id = block + "/" + Hash(rule, block);
        Reason = "automation rule: " + rule.RegexDisplay;
    }

    public AutomationRule Rule { get; }

    /// <summary>Where the rule was declared, as <see cref="Shaping.Resolution.MatchedRule.Scope"/> writes it.</summary>
    public string Block { get; }

    /// <summary>KumoMTA's <c>was_rollup</c>: a <c>SetConfig</c> of this rule covers the whole site.</summary>
    public bool IsRollup { get; }

    public string Id { get; }

    /// <summary>KumoMTA's reason text: <c>automation rule: &lt;regex&gt;</c> (a list rendered <c>(r1,r2,...)</c>).</summary>
    public string Reason { get; }

    /// <summary>The key of one action of the rule (actions are applied and expire independently).</summary>
    internal string ActionId(int index) => Id + "#" + index.ToString(CultureInfo.InvariantCulture);

    public override string ToString() => Id;

    private static string Hash(AutomationRule rule, string block)
    {
        var text = new StringBuilder();
        text.Append(block).Append('\n');
        foreach (var pattern in rule.Patterns)
        {
            text.Append("regex ").Append(pattern.Source).Append('\n');
        }
        text.Append("action ").Append(TomlWriter.FormatValue(rule.ActionWritten)).Append('\n');
        text.Append("trigger ").Append(TomlWriter.FormatValue(rule.Trigger.ToWritten())).Append('\n');
        text.Append("duration ").Append(rule.Duration.Ticks.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append("match_internal ").Append(rule.MatchInternal ? "true" : "false");
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return Convert.ToHexStringLower(digest)[..12];
    }
}
