using System.Security.Cryptography;
using System.Text;
using Akka.Mta.Shaping.Automation;
using Akka.Mta.Shaping.Model;
using Akka.Mta.Toml;

namespace Akka.Mta.Shaping.Merging;

/// <summary>The content hash of a merged model: values and rules, not positions or comments.</summary>
internal static class ShapingModelHash
{
    public static string Compute(ShapingModel model)
    {
        var text = new StringBuilder();
        Blocks(text, "by_site", model.BySite);
        Blocks(text, "by_domain", model.ByDomain);
        text.Append("by_provider\n");
        foreach (var provider in model.Providers)
        {
            text.Append("provider ").Append(provider.Name).Append('\n');
            foreach (var match in provider.Match)
            {
                text.Append("match ").Append(match).Append('\n');
            }
            Scalar(text, "provider_connection_limit", provider.ConnectionLimit);
            Scalar(text, "provider_max_message_rate", provider.MaxMessageRate);
            Params(text, provider.Params);
            Sources(text, provider.Sources);
            Rules(text, provider.Automation);
        }
        foreach (var diagnostic in model.Diagnostics)
        {
            text.Append(diagnostic.IsError ? "error " : "warning ").Append(diagnostic.Message).Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static void Blocks(StringBuilder text, string title, IReadOnlyDictionary<string, MergedBlock> blocks)
    {
        text.Append(title).Append('\n');
        foreach (var (key, block) in blocks)
        {
            text.Append("block ").Append(key).Append('\n');
            Params(text, block.Params);
            Sources(text, block.Sources);
            Rules(text, block.Automation);
        }
    }

    private static void Scalar(StringBuilder text, string name, ScalarParam? value)
    {
        if (value is not null)
        {
            text.Append(name).Append(" = ").Append(TomlWriter.FormatValue(value.Value)).Append('\n');
        }
    }

    private static void Params(StringBuilder text, ParamTable parameters)
    {
        foreach (var (name, value) in parameters)
        {
            text.Append(name).Append(" = ").Append(TomlWriter.FormatValue(value.Written)).Append('\n');
        }
    }

    private static void Sources(StringBuilder text, IReadOnlyDictionary<string, ParamTable> sources)
    {
        foreach (var (source, parameters) in sources)
        {
            text.Append("source ").Append(source).Append('\n');
            Params(text, parameters);
        }
    }

    private static void Rules(StringBuilder text, IReadOnlyList<AutomationRule> rules)
    {
        foreach (var rule in rules)
        {
            text.Append("rule ").Append(TomlWriter.FormatValue(rule.RegexWritten))
                .Append(' ').Append(TomlWriter.FormatValue(rule.ActionWritten))
                .Append(' ').Append(TomlWriter.FormatValue(rule.Trigger.ToWritten()))
                .Append(' ').Append(rule.Duration.Ticks)
                .Append(' ').Append(rule.MatchInternal)
                .Append(' ').Append(rule.Block.IsRollup)
                .Append('\n');
        }
    }
}
