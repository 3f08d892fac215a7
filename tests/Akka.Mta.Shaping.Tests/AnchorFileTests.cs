using Akka.Mta.Shaping.Merging;

namespace Akka.Mta.Shaping.Tests;

/// <summary>KumoMTA's own shaping files load unchanged, with the counts of compat spec section 6.</summary>
public sealed class AnchorFileTests
{
    public static TheoryData<string, int, int, int> Counts => new()
    {
        { "policy-extras-shaping.toml", 8, 8, 4 },
        { "community-shaping.toml", 1, 12, 47 },
        { "integration-tests-shaping.toml", 2, 0, 7 },
        { "examples-docker-swarm-shaping.toml", 0, 0, 0 },
        { "examples-single-node-docker-shaping.toml", 0, 0, 0 },
    };

    [Theory]
    [MemberData(nameof(Counts))]
    public async Task AnchorFile_LoadsWithZeroErrors_AndTheSpecCounts(string name, int blocks, int providers, int rules)
    {
        var model = await ShapingLoader.LoadFilesAsync([TestShaping.AnchorPath(name)], TestShaping.Mx(), ShapingLoadOptions.ForValidation);

        Assert.Empty(model.Errors);
        var file = Assert.Single(model.Files);
        Assert.Equal((blocks, providers, rules), (file.BlockCount, file.ProviderCount, file.RuleCount));
    }

    [Fact]
    public void EveryAnchorFile_IsCoveredByTheCountTable()
    {
        var covered = Counts.Select(row => (string)row[0]).Order();

        Assert.Equal(TestShaping.AnchorNames(), covered);
    }

    [Fact]
    public async Task DefaultFile_HasTheDocumentedBlocksAndProviders()
    {
        var model = await TestShaping.Load([TestShaping.ReadAnchor(TestShaping.DefaultFile)]);

        var file = Assert.Single(model.Files);
        Assert.Equal(
            ["default", "generator.kumomta.internal", "deferred_smtp_inject.kumomta.internal", "comcast.net", "mail.com", "smtp.mailgun.com",
                "example.com", "http://127.0.0.1:8008.tsa.kumomta"],
            file.Domains.Select(d => d.Domain));
        Assert.Equal(["google", "yahoo", "outlook", "office365", "office365-dane", "apple", "mimecast", "orange"], file.Providers.Select(p => p.Name));
        Assert.All(file.Providers, p => Assert.NotEmpty(p.Match));
        Assert.Equal(["my source name"], file.Domains.Single(d => d.Domain == "example.com").Sources.Select(s => s.Source));
    }

    [Fact]
    public async Task CommunityFile_RuleTally_MatchesTheSpec()
    {
        var model = await TestShaping.Load([TestShaping.ReadAnchor(TestShaping.CommunityFile)]);
        var file = Assert.Single(model.Files);
        var rules = file.Domains.SelectMany(d => d.Automation).Concat(file.Providers.SelectMany(p => p.Automation)).ToList();

        Assert.Equal(4, file.Domains.Sum(d => d.Automation.Count));
        Assert.Equal(43, file.Providers.Sum(p => p.Automation.Count));
        var actions = rules.SelectMany(r => r.Actions).ToList();
        Assert.Equal(34, actions.Count(a => a is Automation.SuspendAction));
        var setConfig = actions.OfType<Automation.SetConfigAction>().GroupBy(a => a.Override.Option).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["max_message_rate"] = 6, ["connection_limit"] = 6, ["max_deliveries_per_connection"] = 1 }, setConfig);
        var thresholds = rules.Select(r => Assert.IsType<Automation.ThresholdTrigger>(r.Trigger).Written).GroupBy(w => w).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["2/hr"] = 18, ["3/hr"] = 10, ["5/hr"] = 19 }, thresholds);
        Assert.Equal(
            ["gmx.net_web.de", "barracuda", "netvigator", "kpn", "qq.com", "163.com"],
            file.Providers.Where(p => p.Match.Count > 0).Select(p => p.Name));
    }

    [Fact]
    public async Task DefaultAndCommunity_Merge_WithoutErrors()
    {
        var model = await TestShaping.DefaultAndCommunity();

        Assert.Empty(model.Errors);
        Assert.Equal(15, model.Providers.Count);
        Assert.Equal(51, model.RuleCount);
        // The community gmail provider has no match rule (the default file calls Google "google"): inert, and said so.
        Assert.Contains(model.Warnings, w => w.Message.Contains("provider \"gmail\" has no match rules", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MxSuffixWithTrailingDot_LoadsAsKumoMtaDoes_NeverMatches_AndIsWarned()
    {
        var model = await TestShaping.DefaultAndCommunity();

        Assert.Contains(model.Warnings, w => w.KeyPath == "provider.barracuda.match[0].MXSuffix" && w.Message.Contains("never matches", StringComparison.Ordinal));
        Assert.Empty(model.MatchProviders("barracuda.example", TestShaping.MxOf("barracuda.example")));
    }
}
