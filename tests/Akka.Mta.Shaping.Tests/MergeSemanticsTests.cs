using Akka.Mta.Core.Throttling;
using Akka.Mta.Shaping.Merging;

namespace Akka.Mta.Shaping.Tests;

/// <summary>How blocks of the same key merge across files (compat spec 1.3).</summary>
public sealed class MergeSemanticsTests
{
    [Fact]
    public async Task LaterFile_WinsKeyByKey_AndKeepsTheOthers()
    {
        var model = await TestShaping.Text(
            ("a.toml", "[\"x.example\"]\nmx_rollup = false\nconnection_limit = 1\nidle_timeout = \"9s\"\n"),
            ("b.toml", "[\"x.example\"]\nmx_rollup = false\nconnection_limit = 2\n"));

        var effective = model.Resolve("x.example", "s", null, null);

        Assert.Equal((2L, "b.toml:3"), (effective.Config.ConnectionLimit.Limit, effective.Provenance("connection_limit")));
        Assert.Equal((TimeSpan.FromSeconds(9), "a.toml:4"), (effective.Config.IdleTimeout, effective.Provenance("idle_timeout")));
    }

    [Fact]
    public async Task ReplaceBase_DropsEarlierOptionsSourcesAndRules_ButLaterFilesMergeAgain()
    {
        var model = await TestShaping.Text(
            ("a.toml", """
                ["x.example"]
                mx_rollup = false
                connection_limit = 1
                idle_timeout = "9s"
                sources = { "s" = { smtp_port = 2525 } }
                automation = [{ regex = "a", action = "Suspend", duration = "1h" }]
                """),
            ("b.toml", "[\"x.example\"]\nmx_rollup = false\nreplace_base = true\nconnection_limit = 2\n"),
            ("c.toml", "[\"x.example\"]\nmx_rollup = false\nmax_ready = 50\n"));

        var effective = model.Resolve("x.example", "s", null, null);

        Assert.Equal(2L, effective.Config.ConnectionLimit.Limit);
        Assert.Equal(50, effective.Config.MaxReady);
        Assert.False(effective.TryGetOption("idle_timeout", out _));
        Assert.False(effective.TryGetOption("smtp_port", out _));
        Assert.Empty(model.ByDomain["x.example"].Automation);
    }

    [Fact]
    public async Task AdditionalMaps_MergeEntryByEntry_OtherMapsDoNot()
    {
        var model = await TestShaping.Text(
            ("a.toml", "[\"default\"]\nadditional_connection_limits = { a = 1, b = 2 }\nadditional_message_rate_throttles = { r = \"1/s\" }\n"),
            ("b.toml", "[\"default\"]\nadditional_connection_limits = { b = 20, c = 3 }\n"));

        var config = model.Resolve("x.example", "s", null, null).Config;

        Assert.Equal([("a", 1L), ("b", 20L), ("c", 3L)], config.AdditionalConnectionLimits.Select(kv => (kv.Key, kv.Value.Limit)));
        Assert.Equal(["r"], config.AdditionalMessageRateThrottles.Keys);
    }

    [Fact]
    public async Task AutomationLists_Concatenate_AndDuplicatesBothFire()
    {
        const string rule = "[[\"default\".automation]]\nregex = \"busy\"\naction = \"Suspend\"\nduration = \"1h\"\n";
        var model = await TestShaping.Text(("a.toml", rule), ("b.toml", rule));

        var matched = model.MatchRules(Automation.ResponseLine.Parse("421 busy"), "x.example", null, null);

        Assert.Equal(["a.toml:1", "b.toml:1"], matched.Select(m => m.Rule.Origin.ToProvenance()));
    }

    [Fact]
    public async Task Providers_ConcatenateMatchLists_AndMergeTheProviderWideRate()
    {
        var model = await TestShaping.Text(
            ("a.toml", "[provider.\"p\"]\nmatch = [{DomainSuffix = \".a.example\"}]\nprovider_max_message_rate = \"10/s\"\nprovider_connection_limit = 3\n"),
            ("b.toml", "[provider.\"p\"]\nmatch = [{DomainSuffix = \".b.example\"}]\nprovider_max_message_rate = \"20/s\"\n"));

        var a = model.Resolve("x.a.example", "s", null, null).Config;
        var b = model.Resolve("x.b.example", "s", null, null).Config;

        Assert.Equal("p", a.ProviderName);
        Assert.Equal("p", b.ProviderName);
        // Akka.Mta follows the documented intent: a later file changes the provider-wide rate (KumoMTA keeps 10/s).
        Assert.Equal(ThrottleSpec.Parse("20/s"), b.AdditionalMessageRateThrottles["shaping-provider-p-s-rate"]);
        Assert.Equal(new LimitSpec(3), b.AdditionalConnectionLimits["shaping-provider-p-s-limit"]);
    }

    [Fact]
    public async Task ProviderReplaceBase_ReplacesMatchLimitsAndRate()
    {
        var model = await TestShaping.Text(
            ("a.toml", "[provider.\"p\"]\nmatch = [{DomainSuffix = \".a.example\"}]\nprovider_max_message_rate = \"10/s\"\nprovider_connection_limit = 3\n"),
            ("b.toml", "[provider.\"p\"]\nreplace_base = true\nmatch = [{DomainSuffix = \".b.example\"}]\n"));

        Assert.Empty(model.Resolve("x.a.example", "s", null, null).Providers);
        var b = model.Resolve("x.b.example", "s", null, null).Config;
        Assert.Empty(b.AdditionalConnectionLimits);
        Assert.Empty(b.AdditionalMessageRateThrottles);
    }

    [Fact]
    public async Task ProviderWideKeys_AreSharedByEverySiteOfTheProvider_PerSource()
    {
        var model = await TestShaping.Load([TestShaping.ReadAnchor(TestShaping.DefaultFile)]);

        var gmail = model.Resolve("gmail.com", "ip-1", TestShaping.MxOf("gmail.com")).Config;
        var workspace = model.Resolve("workspace.example", "ip-1", TestShaping.MxOf("workspace.example")).Config;
        var otherSource = model.Resolve("gmail.com", "ip-2", TestShaping.MxOf("gmail.com")).Config;

        Assert.Equal(gmail.AdditionalConnectionLimits.Keys, workspace.AdditionalConnectionLimits.Keys);
        Assert.Equal(["shaping-provider-google-ip-2-limit"], otherSource.AdditionalConnectionLimits.Keys);
    }

    [Fact]
    public async Task MxRollupBlocks_ForTheSameSite_MergeAndAreReportedAsAliases()
    {
        var model = await TestShaping.Text(
            ("a.toml", "[\"yahoo.com\"]\nconnection_limit = 1\n"),
            ("b.toml", "[\"ymail.com\"]\nmax_ready = 7\n"));

        var site = Assert.Single(model.BySite);
        Assert.Equal("(mta5|mta6|mta7).am0.yahoodns.net", site.Key);
        Assert.Equal(["yahoo.com", "ymail.com"], site.Value.Domains);
        Assert.Contains(model.Warnings, w => w.Message.StartsWith("multiple domain blocks resolve to the same site", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MxRollupBlock_WithNullMx_IsDropped_WithAWarning()
    {
        var model = await TestShaping.Text(("a.toml", "[\"example.com\"]\nconnection_limit = 1\n"));

        Assert.Empty(model.BySite);
        Assert.Contains(model.Warnings, w => w.Message.StartsWith("example.com has a null MX", StringComparison.Ordinal) && w.ToString().StartsWith("a.toml:1:1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MxRollupBlock_WithoutDns_IsSkipped_WithAWarning()
    {
        var model = await ShapingLoader.LoadAsync([Input.ShapingInput.FromText("a.toml", "[\"comcast.net\"]\nconnection_limit = 1\n")],
            new NoDnsMxHostsSource("DNS lookups are turned off (--no-dns)"), ShapingLoadOptions.ForValidation);

        Assert.Empty(model.Errors);
        Assert.Equal("a.toml:1:1: \"comcast.net\": mx_rollup block skipped: DNS lookups are turned off (--no-dns); its site is unknown, so its options and rules apply to no domain",
            Assert.Single(model.Warnings).ToString());
    }

    [Fact]
    public async Task DnsFailure_IsReportedAtTheConfiguredLevel()
    {
        var source = new StaticMxHostsSource(new Dictionary<string, MxHostsResult> { ["broken.example"] = MxHostsResult.Failed("SERVFAIL") }, NoDnsMxHostsSource.Instance);
        var inputs = new[] { Input.ShapingInput.FromText("a.toml", "[\"broken.example\"]\nconnection_limit = 1\n") };

        var strict = await ShapingLoader.LoadAsync(inputs, source, ShapingLoadOptions.ForValidation with { DnsFail = Diagnostics.CheckLevel.Error });
        var lenient = await ShapingLoader.LoadAsync(inputs, source, ShapingLoadOptions.Default);

        Assert.Equal("a.toml:1:1: \"broken.example\": cannot resolve the MX of broken.example: SERVFAIL; the block is ignored", Assert.Single(strict.Errors).ToString());
        Assert.Empty(lenient.Diagnostics);
    }

    [Fact]
    public async Task ProviderOverlap_IsReported_WhenAsked()
    {
        var model = await TestShaping.DefaultAndCommunity(("mine.toml", "[\"gmail.com\"]\nconnection_limit = 1\n"));

        Assert.Contains(model.Warnings, w => w.ToString() == "mine.toml:1:1: \"gmail.com\": domain gmail.com is also matched by provider(s): google");
    }

    [Fact]
    public async Task Hash_ChangesWithContent_NotWithLayout()
    {
        var a = await TestShaping.Text(("a.toml", "[\"default\"]\nconnection_limit = 1\n"));
        var moved = await TestShaping.Text(("b.toml", "\n\n# comment\n[\"default\"]\n\nconnection_limit = 1\n"));
        var changed = await TestShaping.Text(("a.toml", "[\"default\"]\nconnection_limit = 2\n"));

        Assert.Equal(a.Hash, moved.Hash);
        Assert.NotEqual(a.Hash, changed.Hash);
        Assert.Equal(64, a.Hash.Length);
    }

    [Fact]
    public async Task ReferencedSources_NameEverySourceTable()
    {
        var model = await TestShaping.Load([TestShaping.ReadAnchor(TestShaping.DefaultFile)]);

        Assert.Equal(["domain:example.com"], model.ReferencedSources()["my source name"]);
    }
}
