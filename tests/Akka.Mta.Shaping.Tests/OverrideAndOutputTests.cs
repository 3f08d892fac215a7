using Akka.Mta.Core.Throttling;
using Akka.Mta.Shaping.Automation;
using Akka.Mta.Shaping.Model;
using Akka.Mta.Shaping.Output;
using Akka.Mta.Toml;

namespace Akka.Mta.Shaping.Tests;

/// <summary>SetConfig overrides layered over an effective configuration, and the explain renderings.</summary>
public sealed class OverrideAndOutputTests
{
    [Fact]
    public async Task SetConfigOverride_LayersOverTheEffectiveConfig_WithTheRuleAsProvenance()
    {
        var model = await TestShaping.Load([TestShaping.ReadAnchor(TestShaping.DefaultFile)]);
        var rule = model.Default!.Automation[0];
        var overrides = new ParamTable();
        foreach (var action in rule.Actions.Cast<SetConfigAction>())
        {
            overrides.Set(action.Override.Option, action.Override.Param);
        }

        var effective = model.Resolve("gmail.com", "ip-1", TestShaping.MxOf("gmail.com")).With(overrides);

        Assert.Equal(ThrottleSpec.Parse("1/minute"), effective.Config.MaxMessageRate);
        Assert.Equal(new LimitSpec(1), effective.Config.ConnectionLimit);
        Assert.Equal($"{TestShaping.DefaultFile}:84", effective.Provenance("connection_limit"));
        Assert.Equal(["shaping-provider-google-ip-1-limit"], effective.Config.AdditionalConnectionLimits.Keys);
    }

    [Fact]
    public async Task ExplainToml_WithDefaults_IsValidToml_ThatReadsBackToTheSameConfig()
    {
        var model = await TestShaping.DefaultAndCommunity(("custom.toml", ExplainCaseTests.Custom));
        var effective = model.Resolve("gmail.com", "ip-1", TestShaping.MxOf("gmail.com"));

        var text = ExplainWriter.ToToml(effective, withDefaults: true);
        var reread = Options.EgressPathConfig.Validate(TomlParser.Parse(text, "explain.toml").Root);

        Assert.True(reread.IsValid, string.Join("\n", reread.Diagnostics) + "\n" + text);
        Assert.Equal(effective.Config.ConnectionLimit, reread.Config!.ConnectionLimit);
        Assert.Equal(effective.Config.AdditionalConnectionLimits, reread.Config.AdditionalConnectionLimits);
        Assert.Equal(effective.Config.AdditionalSourceSelectionRates, reread.Config.AdditionalSourceSelectionRates);
        Assert.Equal(effective.Config.TotalConnectionLifetime, reread.Config.TotalConnectionLifetime);
        Assert.Equal(effective.Config.ProhibitedHosts, reread.Config.ProhibitedHosts);
    }

    [Fact]
    public async Task ExplainJson_WithDefaults_ListsEveryOptionThatHasADefault()
    {
        var model = await TestShaping.Text(("a.toml", "[\"default\"]\nconnection_limit = 3\n"));

        var json = System.Text.Json.JsonDocument.Parse(ExplainWriter.ToJson(model.Resolve("x.example", "s", null, null), withDefaults: true)).RootElement;

        var expected = Options.EgressPathOptions.All.Where(o => o.DefaultValue is not null).Select(o => o.Name).Order();
        Assert.Equal(expected, json.GetProperty("config").EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("a.toml:2", json.GetProperty("provenance").GetProperty("connection_limit").GetString());
    }
}
