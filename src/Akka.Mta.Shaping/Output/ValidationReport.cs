using System.Text;
using Akka.Mta.Shaping.Merging;

namespace Akka.Mta.Shaping.Output;

/// <summary>The summary <c>validate</c> prints: per file and merged, blocks, providers and rules.</summary>
public static class ValidationReport
{
    public static string Summary(ShapingModel model)
    {
        var text = new StringBuilder();
        foreach (var file in model.Files)
        {
            text.Append(file.Name).Append(": ").Append(Counts(file.BlockCount, file.ProviderCount, file.RuleCount)).Append('\n');
        }
        text.Append("merged: ")
            .Append(Counts(model.ByDomain.Count + model.BySite.Count, model.Providers.Count, model.RuleCount))
            .Append($" ({model.ByDomain.Count} by domain, {model.BySite.Count} by site)")
            .Append('\n');
        return text.ToString();
    }

    private static string Counts(int blocks, int providers, int rules) =>
        $"{blocks} {(blocks == 1 ? "block" : "blocks")}, {providers} {(providers == 1 ? "provider" : "providers")}, {rules} {(rules == 1 ? "rule" : "rules")}";
}
