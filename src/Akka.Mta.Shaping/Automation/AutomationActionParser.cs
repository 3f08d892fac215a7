using Akka.Mta.Shaping.Diagnostics;
using Akka.Mta.Shaping.Model;
using Akka.Mta.Shaping.Options;
using Akka.Mta.Toml;

namespace Akka.Mta.Shaping.Automation;

/// <summary>
/// Reads actions as KumoMTA writes them (serde's external tagging): a unit variant is a bare string
/// (<c>"Suspend"</c>), a variant with data a one-key table (<c>{SetConfig={name="connection_limit", value=1}}</c>).
/// Every variant is registered here, in one place.
/// </summary>
internal static class AutomationActionParser
{
    private delegate AutomationAction? PayloadParser(TomlNode payload, string keyPath, DiagnosticBag diagnostics);

    private static readonly Dictionary<string, AutomationAction> UnitVariants = new(StringComparer.Ordinal)
    {
        ["Suspend"] = SuspendAction.Instance,
        ["SuspendTenant"] = SuspendTenantAction.Instance,
        ["SuspendCampaign"] = SuspendCampaignAction.Instance,
        ["Bounce"] = BounceAction.Instance,
        ["BounceTenant"] = BounceTenantAction.Instance,
        ["BounceCampaign"] = BounceCampaignAction.Instance,
        ["PauseSenderDomain"] = PauseSenderDomainAction.Instance,
    };

    private static readonly Dictionary<string, PayloadParser> PayloadVariants = new(StringComparer.Ordinal)
    {
        ["SetConfig"] = (payload, path, diagnostics) => ReadOverride(payload, path, diagnostics) is { } o ? new SetConfigAction(o) : null,
        ["SetDomainConfig"] = (payload, path, diagnostics) => ReadOverride(payload, path, diagnostics) is { } o ? new SetDomainConfigAction(o) : null,
        ["AdjustConfig"] = ReadAdjust,
    };

    private static IEnumerable<string> AllNames => UnitVariants.Keys.Concat(PayloadVariants.Keys);

    /// <summary>One action, or null after reporting what is wrong with it.</summary>
    public static AutomationAction? Parse(TomlNode node, string keyPath, DiagnosticBag diagnostics)
    {
        switch (node)
        {
            case TomlString s when UnitVariants.TryGetValue(s.Value, out var unit):
                return unit;
            case TomlString s when PayloadVariants.ContainsKey(s.Value):
                diagnostics.Error(node.Position, keyPath, $"action {s.Value} needs its settings: {{{s.Value}={{name=\"<option>\", value=<value>}}}}");
                return null;
            case TomlString s:
                ReportUnknown(s.Value, node.Position, keyPath, diagnostics);
                return null;
            case TomlTable { Count: 1 } table:
                var entry = table[0];
                var path = KeyPath.Child(keyPath, entry.Key);
                if (PayloadVariants.TryGetValue(entry.Key, out var parser))
                {
                    return parser(entry.Value, path, diagnostics);
                }
                if (UnitVariants.ContainsKey(entry.Key))
                {
                    diagnostics.Error(entry.KeyPosition, path, $"action {entry.Key} takes no settings: write it as the string \"{entry.Key}\"");
                    return null;
                }
                ReportUnknown(entry.Key, entry.KeyPosition, path, diagnostics);
                return null;
            default:
                diagnostics.Error(node.Position, keyPath,
                    $"expected an action: one of {string.Join(", ", UnitVariants.Keys.Select(k => $"\"{k}\""))}, or a table such as {{SetConfig={{name=\"connection_limit\", value=1}}}}; found {OptionType.Describe(node)}");
                return null;
        }
    }

    private static void ReportUnknown(string name, TomlPosition position, string keyPath, DiagnosticBag diagnostics)
    {
        var suggestion = ParamReader.Suggest(name, AllNames);
        diagnostics.Error(position, keyPath,
            $"unknown action \"{name}\"{(suggestion is null ? "" : $" (did you mean \"{suggestion}\"?)")}; actions are {string.Join(", ", AllNames)}");
    }

    /// <summary><c>{name="&lt;egress option&gt;", value=&lt;value&gt;}</c>, the value checked against that option's type.</summary>
    private static ConfigOverride? ReadOverride(TomlNode payload, string keyPath, DiagnosticBag diagnostics)
    {
        if (payload is not TomlTable table)
        {
            diagnostics.Error(payload.Position, keyPath, $"expected {{name=\"<option>\", value=<value>}}, found {OptionType.Describe(payload)}");
            return null;
        }
        var ok = true;
        foreach (var entry in table)
        {
            if (entry.Key is not ("name" or "value"))
            {
                diagnostics.Error(entry.KeyPosition, KeyPath.Child(keyPath, entry.Key), "unknown key: a config override has only name and value");
                ok = false;
            }
        }
        if (!table.TryGetEntry("name", out var nameEntry) || !table.TryGetEntry("value", out var valueEntry))
        {
            diagnostics.Error(table.Position, keyPath, "a config override needs both name and value");
            return null;
        }
        if (nameEntry.Value is not TomlString { Value: var name })
        {
            diagnostics.Error(nameEntry.Value.Position, KeyPath.Child(keyPath, "name"), $"expected an egress path option name, found {OptionType.Describe(nameEntry.Value)}");
            return null;
        }
        if (EgressPathOptions.Find(name) is not { } option)
        {
            ParamReader.ReportUnknown(name, nameEntry.Value.Position, KeyPath.Child(keyPath, "name"), EgressPathOptions.ByName.Keys, diagnostics, "egress path option");
            return null;
        }
        var valuePath = KeyPath.Child(keyPath, "value");
        var param = ParamReader.Read(option, new TomlEntry(name, valueEntry.KeyPosition, valueEntry.Value), valuePath, diagnostics);
        return ok && param is not null ? new ConfigOverride(name, valueEntry.Value, param) : null;
    }

    /// <summary><c>{name="connection_limit", reduce_percent=50, floor=2, step_after="10m", step_percent=25}</c>.</summary>
    private static AutomationAction? ReadAdjust(TomlNode payload, string keyPath, DiagnosticBag diagnostics)
    {
        string[] keys = ["name", "reduce_percent", "floor", "step_after", "step_percent"];
        if (payload is not TomlTable table)
        {
            diagnostics.Error(payload.Position, keyPath, $"expected {{{string.Join(", ", keys.Select(k => k + "=..."))}}}, found {OptionType.Describe(payload)}");
            return null;
        }
        var ok = true;
        foreach (var entry in table.Where(e => !keys.Contains(e.Key, StringComparer.Ordinal)))
        {
            diagnostics.Error(entry.KeyPosition, KeyPath.Child(keyPath, entry.Key), $"unknown key: AdjustConfig has {string.Join(", ", keys)}");
            ok = false;
        }
        object? Read(string key, OptionType type)
        {
            if (!table.TryGetValue(key, out var node))
            {
                diagnostics.Error(table.Position, KeyPath.Child(keyPath, key), "required");
                ok = false;
                return null;
            }
            var value = type.Read(node, KeyPath.Child(keyPath, key), diagnostics);
            ok &= value is not null;
            return value;
        }
        var name = Read("name", new EnumLikeNameType(AdjustConfigAction.Options)) as string;
        var reduce = Read("reduce_percent", new IntegerOptionType(1, 99)) as long?;
        var floor = Read("floor", IntegerOptionType.Positive) as long?;
        var stepAfter = Read("step_after", DurationOptionType.Instance) as TimeSpan?;
        var step = Read("step_percent", new IntegerOptionType(1, 100)) as long?;
        return ok ? new AdjustConfigAction(name!, (int)reduce!.Value, floor!.Value, stepAfter!.Value, (int)step!.Value) : null;
    }

    /// <summary>One of a fixed set of names.</summary>
    private sealed class EnumLikeNameType(IReadOnlyList<string> names) : OptionType
    {
        public override string Expected => "one of " + string.Join(", ", names.Select(n => $"\"{n}\""));

        public override object? Read(TomlNode node, string keyPath, DiagnosticBag diagnostics) =>
            node is TomlString s && names.Contains(s.Value, StringComparer.Ordinal) ? s.Value : Mismatch(node, keyPath, diagnostics);

        public override TomlNode Write(object value) => new TomlString((string)value);
    }
}
