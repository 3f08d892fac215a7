using System.Text.RegularExpressions;
using Akka.Mta.Shaping.Diagnostics;
using Akka.Mta.Shaping.Model;
using Akka.Mta.Shaping.Options;
using Akka.Mta.Toml;
using Akka.Mta.Core.Throttling;

namespace Akka.Mta.Shaping.Automation;

/// <summary>Reads the <c>automation</c> array of a block into checked, compiled rules.</summary>
internal static class AutomationRuleParser
{
    private static readonly string[] Keys = ["regex", "action", "trigger", "duration", "match_internal"];

    public static IReadOnlyList<AutomationRule> ParseList(TomlNode node, RuleBlock block, string keyPath, ShapingParseOptions options, DiagnosticBag diagnostics)
    {
        if (node is not TomlArray array)
        {
            diagnostics.Error(node.Position, keyPath, $"expected an array of rule tables ([[...automation]]), found {OptionType.Describe(node)}");
            return [];
        }
        var rules = new List<AutomationRule>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            var path = KeyPath.Index(keyPath, i);
            if (array[i] is not TomlTable table)
            {
                diagnostics.Error(array[i].Position, path, $"expected a rule table, found {OptionType.Describe(array[i])}");
                continue;
            }
            if (Parse(table, block, path, options, diagnostics) is { } rule)
            {
                rules.Add(rule);
            }
        }
        return rules;
    }

    public static AutomationRule? Parse(TomlTable table, RuleBlock block, string keyPath, ShapingParseOptions options, DiagnosticBag diagnostics)
    {
        var ok = true;
        foreach (var entry in table)
        {
            if (Array.IndexOf(Keys, entry.Key) < 0)
            {
                ParamReader.ReportUnknown(entry.Key, entry.KeyPosition, KeyPath.Child(keyPath, entry.Key), Keys, diagnostics, "rule key");
                ok = false;
            }
        }
        var regexNode = Required(table, "regex", keyPath, diagnostics);
        var patterns = regexNode is null ? null : ReadPatterns(regexNode, KeyPath.Child(keyPath, "regex"), options, diagnostics);
        var actionNode = Required(table, "action", keyPath, diagnostics);
        var actions = actionNode is null ? null : ReadActions(actionNode, KeyPath.Child(keyPath, "action"), diagnostics);
        var trigger = table.TryGetValue("trigger", out var triggerNode)
            ? ReadTrigger(triggerNode, KeyPath.Child(keyPath, "trigger"), diagnostics)
            : ImmediateTrigger.Instance;
        var durationNode = Required(table, "duration", keyPath, diagnostics);
        var duration = durationNode is null ? null : DurationOptionType.Instance.Read(durationNode, KeyPath.Child(keyPath, "duration"), diagnostics);
        var matchInternal = false;
        if (table.TryGetValue("match_internal", out var internalNode))
        {
            if (BoolOptionType.Instance.Read(internalNode, KeyPath.Child(keyPath, "match_internal"), diagnostics) is bool b)
            {
                matchInternal = b;
            }
            else
            {
                ok = false;
            }
        }
        if (!ok || patterns is null || actions is null || trigger is null || duration is not TimeSpan span || durationNode is null)
        {
            return null;
        }
        return new AutomationRule(patterns, regexNode is TomlArray, actions, actionNode is TomlArray, trigger, span, durationNode,
            matchInternal, block, table.Position);
    }

    private static TomlNode? Required(TomlTable table, string key, string keyPath, DiagnosticBag diagnostics)
    {
        if (table.TryGetValue(key, out var node))
        {
            return node;
        }
        diagnostics.Error(table.Position, keyPath, $"a rule needs \"{key}\"");
        return null;
    }

    private static IReadOnlyList<RulePattern>? ReadPatterns(TomlNode node, string keyPath, ShapingParseOptions options, DiagnosticBag diagnostics)
    {
        var items = node is TomlArray array ? array.Select((item, i) => (item, KeyPath.Index(keyPath, i))).ToList() : [(node, keyPath)];
        if (items.Count == 0)
        {
            diagnostics.Error(node.Position, keyPath, "a rule needs at least one regex");
            return null;
        }
        var patterns = new List<RulePattern>(items.Count);
        foreach (var (item, path) in items)
        {
            if (item is not TomlString s)
            {
                diagnostics.Error(item.Position, path, $"expected a regex string, found {OptionType.Describe(item)}");
                continue;
            }
            try
            {
                var regex = new Regex(RustRegex.ToDotNet(s.Value), options.RegexOptions, options.RegexMatchTimeout);
                patterns.Add(new RulePattern(s.Value, regex, s.Position));
            }
            catch (ArgumentException e)
            {
                diagnostics.Error(s.Position, path, $"the regex {TomlSyntax.QuoteBasic(s.Value)} does not compile: {e.Message}");
            }
        }
        return patterns.Count == items.Count ? patterns : null;
    }

    private static IReadOnlyList<AutomationAction>? ReadActions(TomlNode node, string keyPath, DiagnosticBag diagnostics)
    {
        var items = node is TomlArray array ? array.Select((item, i) => (item, KeyPath.Index(keyPath, i))).ToList() : [(node, keyPath)];
        if (items.Count == 0)
        {
            diagnostics.Error(node.Position, keyPath, "a rule needs at least one action");
            return null;
        }
        var actions = new List<AutomationAction>(items.Count);
        foreach (var (item, path) in items)
        {
            if (AutomationActionParser.Parse(item, path, diagnostics) is { } action)
            {
                actions.Add(action);
            }
        }
        return actions.Count == items.Count ? actions : null;
    }

    private static AutomationTrigger? ReadTrigger(TomlNode node, string keyPath, DiagnosticBag diagnostics)
    {
        switch (node)
        {
            case TomlString { Value: "Immediate" }:
                return ImmediateTrigger.Instance;
            case TomlTable { Count: 1 } table when table[0].Key == "Threshold":
                var spec = table[0].Value;
                var path = KeyPath.Child(keyPath, "Threshold");
                if (spec is not TomlString s)
                {
                    diagnostics.Error(spec.Position, path, $"expected a threshold such as \"5/hr\", found {OptionType.Describe(spec)}");
                    return null;
                }
                if (!ThrottleSpec.TryParse(s.Value, out var parsed, out var error))
                {
                    diagnostics.Error(spec.Position, path, error);
                    return null;
                }
                return new ThresholdTrigger(parsed, s.Value);
            default:
                diagnostics.Error(node.Position, keyPath, $"expected \"Immediate\" or {{Threshold=\"N/period\"}}, found {OptionType.Describe(node)}");
                return null;
        }
    }
}
