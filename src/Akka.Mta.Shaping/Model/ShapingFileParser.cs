using Akka.Mta.Core.Throttling;
using Akka.Mta.Shaping.Automation;
using Akka.Mta.Shaping.Diagnostics;
using Akka.Mta.Shaping.Options;
using Akka.Mta.Toml;

namespace Akka.Mta.Shaping.Model;

/// <summary>
/// Turns the root table of a shaping file (TOML or JSON) into checked blocks: every option value
/// against the egress-path schema, every rule compiled. Problems are collected, not thrown.
/// </summary>
internal static class ShapingFileParser
{
    public const string ProviderKey = "provider";
    public const string ProviderSourceSelectionRate = "provider_source_selection_rate";

    private static readonly string[] DomainReserved = ["mx_rollup", "replace_base", "automation", "sources"];
    private static readonly string[] ProviderReserved = ["match", "provider_connection_limit", "provider_max_message_rate", "replace_base", "automation", "sources"];

    public static ShapingFile Parse(TomlTable root, string fileName, ShapingParseOptions options, DiagnosticBag diagnostics)
    {
        var domains = new List<DomainBlock>();
        var providers = new List<ProviderBlock>();
        foreach (var entry in root)
        {
            var path = KeyPath.Child("", entry.Key);
            if (entry.Value is not TomlTable table)
            {
                diagnostics.Error(entry.KeyPosition, path,
                    $"expected a table (a domain block such as [\"{entry.Key}\"], [\"default\"] or [provider.\"name\"]), found {OptionType.Describe(entry.Value)}");
                continue;
            }
            if (entry.Key == ProviderKey)
            {
                foreach (var provider in table)
                {
                    var providerPath = KeyPath.Child(path, provider.Key);
                    if (provider.Value is not TomlTable providerTable)
                    {
                        diagnostics.Error(provider.KeyPosition, providerPath, $"expected a provider table, found {OptionType.Describe(provider.Value)}");
                        continue;
                    }
                    providers.Add(ParseProvider(provider.Key, providerTable, providerPath, options, diagnostics));
                }
                continue;
            }
            if (entry.Key != DomainBlock.DefaultKey && !entry.Key.Contains('.') && entry.Key.Length > 0)
            {
                diagnostics.Warning(entry.KeyPosition, path,
                    $"the domain \"{entry.Key}\" is a single DNS label; quote domain names in TOML headers like [\"{entry.Key}.com\"], or the dots make nested tables");
            }
            domains.Add(ParseDomain(entry.Key, table, path, options, diagnostics));
        }
        return new ShapingFile(fileName, domains, providers);
    }

    private static DomainBlock ParseDomain(string domain, TomlTable table, string path, ShapingParseOptions options, DiagnosticBag diagnostics)
    {
        var mxRollup = ReadFlag(table, "mx_rollup", true, path, diagnostics);
        var replaceBase = ReadFlag(table, "replace_base", false, path, diagnostics);
        var block = domain == DomainBlock.DefaultKey ? RuleBlock.Default : new RuleBlock(RuleBlockKind.Domain, domain, mxRollup);
        var parameters = ParamReader.ReadAll(table, EgressPathOptions.ByName, path, diagnostics, "egress path option", k => Array.IndexOf(DomainReserved, k) >= 0);
        var sources = ReadSources(table, path, diagnostics, allowProviderKeys: false);
        var rules = table.TryGetValue("automation", out var automation)
            ? AutomationRuleParser.ParseList(automation, block, KeyPath.Child(path, "automation"), options, diagnostics)
            : [];
        return new DomainBlock(domain, table.Position, mxRollup, replaceBase, parameters, sources, rules);
    }

    private static ProviderBlock ParseProvider(string name, TomlTable table, string path, ShapingParseOptions options, DiagnosticBag diagnostics)
    {
        var replaceBase = ReadFlag(table, "replace_base", false, path, diagnostics);
        var match = table.TryGetValue("match", out var matchNode) ? ReadMatch(matchNode, KeyPath.Child(path, "match"), diagnostics) : [];
        var limit = ReadScalar(table, "provider_connection_limit", LimitOptionType.Instance, path, diagnostics);
        var rate = ReadScalar(table, "provider_max_message_rate", ThrottleOptionType.Instance, path, diagnostics);
        var parameters = ParamReader.ReadAll(table, EgressPathOptions.ByName, path, diagnostics, "egress path option", k => Array.IndexOf(ProviderReserved, k) >= 0);
        var sources = ReadSources(table, path, diagnostics, allowProviderKeys: true);
        var rules = table.TryGetValue("automation", out var automation)
            ? AutomationRuleParser.ParseList(automation, new RuleBlock(RuleBlockKind.Provider, name, false), KeyPath.Child(path, "automation"), options, diagnostics)
            : [];
        return new ProviderBlock(name, table.Position, match, limit, rate, replaceBase, parameters, sources, rules);
    }

    private static bool ReadFlag(TomlTable table, string key, bool fallback, string path, DiagnosticBag diagnostics) =>
        table.TryGetValue(key, out var node) && BoolOptionType.Instance.Read(node, KeyPath.Child(path, key), diagnostics) is bool value
            ? value
            : fallback;

    private static ScalarParam? ReadScalar(TomlTable table, string key, OptionType type, string path, DiagnosticBag diagnostics)
    {
        if (!table.TryGetEntry(key, out var entry))
        {
            return null;
        }
        var typed = type.Read(entry.Value, KeyPath.Child(path, key), diagnostics);
        return typed is null ? null : new ScalarParam(entry.Value, typed, entry.KeyPosition);
    }

    private static IReadOnlyList<ProviderMatch> ReadMatch(TomlNode node, string path, DiagnosticBag diagnostics)
    {
        if (node is not TomlArray array)
        {
            diagnostics.Error(node.Position, path, $"expected a list such as [{{MXSuffix=\".example.net\"}}, {{DomainSuffix=\".example.org\"}}], found {OptionType.Describe(node)}");
            return [];
        }
        var result = new List<ProviderMatch>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            var itemPath = KeyPath.Index(path, i);
            if (array[i] is not TomlTable { Count: 1 } rule
                || !Enum.TryParse<ProviderMatchKind>(rule[0].Key, ignoreCase: false, out var kind)
                || !Enum.IsDefined(kind))
            {
                diagnostics.Error(array[i].Position, itemPath, $"expected one of {{MXSuffix=\"...\"}}, {{DomainSuffix=\"...\"}} or {{HostName=\"...\"}}, found {OptionType.Describe(array[i])}");
                continue;
            }
            if (rule[0].Value is not TomlString { Value: var value })
            {
                diagnostics.Error(rule[0].Value.Position, KeyPath.Child(itemPath, rule[0].Key), $"expected a string, found {OptionType.Describe(rule[0].Value)}");
                continue;
            }
            WarnIfNeverMatches(kind, value, rule[0].Value.Position, KeyPath.Child(itemPath, rule[0].Key), diagnostics);
            result.Add(new ProviderMatch(kind, value, rule[0].Value.Position));
        }
        return result;
    }

    /// <summary>
    /// Names are compared as KumoMTA compares them: lowercase, without the trailing dot. A rule written
    /// with a trailing dot or capitals loads (as in KumoMTA) but can never match; say so.
    /// </summary>
    private static void WarnIfNeverMatches(ProviderMatchKind kind, string value, TomlPosition position, string path, DiagnosticBag diagnostics)
    {
        if (value.EndsWith('.') && value.Length > 1)
        {
            diagnostics.Warning(position, path,
                $"{kind} \"{value}\" ends with a dot and never matches: names are compared without their trailing dot (write \"{value.TrimEnd('.')}\")");
        }
        else if (value.Any(char.IsUpper))
        {
            diagnostics.Warning(position, path, $"{kind} \"{value}\" has capital letters and never matches: names are compared in lowercase");
        }
    }

    private static IReadOnlyList<SourceParams> ReadSources(TomlTable table, string path, DiagnosticBag diagnostics, bool allowProviderKeys)
    {
        if (!table.TryGetValue("sources", out var node))
        {
            return [];
        }
        var sourcesPath = KeyPath.Child(path, "sources");
        if (node is not TomlTable sources)
        {
            diagnostics.Error(node.Position, sourcesPath, $"expected a table of egress source names to option tables, found {OptionType.Describe(node)}");
            return [];
        }
        var result = new List<SourceParams>(sources.Count);
        foreach (var source in sources)
        {
            var sourcePath = KeyPath.Child(sourcesPath, source.Key);
            if (source.Value is not TomlTable sourceTable)
            {
                diagnostics.Error(source.KeyPosition, sourcePath, $"expected a table of options for egress source \"{source.Key}\", found {OptionType.Describe(source.Value)}");
                continue;
            }
            var parameters = ParamReader.ReadAll(sourceTable, EgressPathOptions.ByName, sourcePath, diagnostics, "egress path option",
                k => allowProviderKeys && k == ProviderSourceSelectionRate);
            if (allowProviderKeys && sourceTable.TryGetEntry(ProviderSourceSelectionRate, out var rate)
                && ThrottleOptionType.Instance.Read(rate.Value, KeyPath.Child(sourcePath, rate.Key), diagnostics) is ThrottleSpec spec)
            {
                parameters.Set(ProviderSourceSelectionRate, new ScalarParam(rate.Value, spec, rate.KeyPosition));
            }
            result.Add(new SourceParams(source.Key, parameters, source.Value.Position));
        }
        return result;
    }
}
