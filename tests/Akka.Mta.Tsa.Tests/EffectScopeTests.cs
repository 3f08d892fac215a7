using Akka.Mta.Toml;
using static Akka.Mta.Tsa.Tests.TsaTestData;

namespace Akka.Mta.Tsa.Tests;

/// <summary>
/// What each action covers, with KumoMTA's integration-test rules (one rule per action, all under
/// <c>default</c>) replying as its test sink does (<c>you said 450-suspend-tenant</c>, ...).
/// </summary>
public sealed class EffectScopeTests
{
    private static readonly TsaRuleSet RuleSet =
        new(Load([Shaping.Input.ShapingInput.FromText("integration-tests-shaping.toml", File.ReadAllText(AnchorPath("integration-tests-shaping.toml")))]));

    private static IReadOnlyList<TsaEffect> Fire(string reply, string queue) =>
        TsaState.Empty(RuleSet).Apply(Record(T0, $"450 you said {reply}", queue: queue), T0).NewOrExtended;

    [Fact]
    public void SuspendAndSetConfig_ListOfActions_SuspendThePath_AndOverrideTheSite()
    {
        var fired = Fire("450-go-away", "acme@example.com");

        Assert.Equal(3, fired.Count);
        Assert.Equal(ExamplePath, Assert.IsType<SuspendPathEffect>(fired[0]).Path);
        var rate = Assert.IsType<ConfigOverrideEffect>(fired[1]);
        Assert.Equal(("example.com", true, "mx.example.com", "ip-1", ExamplePath), (rate.Domain, rate.MxRollup, rate.Site, rate.Source, rate.Path));
        Assert.Equal("max_message_rate = \"3/m\"", rate.Setting);
        Assert.Equal("site mx.example.com source ip-1", rate.Scope);
        Assert.Equal("max_deliveries_per_connection = 1", Assert.IsType<ConfigOverrideEffect>(fired[2]).Setting);
        Assert.All(fired, e => Assert.Equal(T0.AddHours(1), e.Expires));
    }

    [Theory]
    [InlineData("450-suspend-tenant", "camp:acme@example.com", "acme", null)]
    [InlineData("450-suspend-campaign", "camp:acme@example.com", "acme", "camp")]
    [InlineData("450-suspend-campaign", "acme@example.com", "acme", null)]
    public void SuspendTenantAndCampaign_SuspendTheQueuesOfTheQueueName(string reply, string queue, string tenant, string? campaign)
    {
        var effect = Assert.IsType<SuspendQueuesEffect>(Assert.Single(Fire(reply, queue)));

        Assert.Equal(("example.com", tenant, campaign), (effect.Domain, effect.Tenant, effect.Campaign));
        Assert.Equal($"automation rule: you said {reply} tenant={tenant} domain=example.com" + (campaign is null ? "" : $" campaign={campaign}"), effect.Reason);
    }

    [Theory]
    [InlineData("450-suspend-tenant")]
    [InlineData("450-suspend-campaign")]
    [InlineData("550-bounce-tenant")]
    public void TenantActions_WithoutATenant_DoNothing(string reply) => Assert.Empty(Fire(reply, "example.com"));

    [Theory]
    [InlineData("550-go-away", "example.com", null, null)]
    [InlineData("550-go-away", "camp:acme@example.com", "acme", null)] // KumoMTA's quirk: Bounce keeps the tenant
    [InlineData("550-bounce-tenant", "camp:acme@example.com", "acme", null)]
    [InlineData("550-bounce-campaign", "camp:acme@example.com", "acme", "camp")]
    [InlineData("550-bounce-campaign", "acme@example.com", "acme", null)]
    public void Bounces_BounceTheDomainsQueues_NarrowedAsKumoMtaDoes(string reply, string queue, string? tenant, string? campaign)
    {
        var effect = Assert.IsType<BounceQueuesEffect>(Assert.Single(Fire(reply, queue)));

        Assert.Equal(("example.com", tenant, campaign), (effect.Domain, effect.Tenant, effect.Campaign));
    }

    [Fact]
    public void SetConfigOfADomainRule_IsDomainScoped_AndKeyedByDomainAndSource()
    {
        var rules = TsaTestData.Rules("""
            ["example.com"]
            mx_rollup = false
            [["example.com".automation]]
            regex = "slow"
            action = {SetConfig={name="connection_limit", value=2}}
            duration = "1h"
            """);

        var (state, fired) = Run(TsaState.Empty(rules), [
            Record(T0, "421 slow"),
            Record(T0.AddMinutes(1), "421 slow", path: "ip-1->mx2.example.com@smtp_client"),
            Record(T0.AddMinutes(2), "421 slow", path: "ip-2->mx.example.com@smtp_client", source: "ip-2"),
        ]);

        Assert.All(fired.Cast<ConfigOverrideEffect>(), e => Assert.False(e.MxRollup));
        Assert.Equal(["domain example.com source ip-1", "domain example.com source ip-2"],
            state.Effects.Values.Select(e => e.Scope).Order(StringComparer.Ordinal));
        Assert.Equal(3, fired.Count); // the second extended the first
        Assert.True(((TomlInteger)((ConfigOverrideEffect)fired[0]).Value).Value == 2);
    }
}
