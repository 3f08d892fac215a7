using static Akka.Mta.Tsa.Tests.TsaTestData;

namespace Akka.Mta.Tsa.Tests;

/// <summary>GreenArrow's pause by sender domain as an automation action.</summary>
public sealed class PauseSenderTests
{
    private static readonly TsaRuleSet RuleSet = Rules("""
        [["default".automation]]
        regex = "5\\.7\\.26"
        action = "PauseSenderDomain"
        duration = "2h"
        """);

    [Fact]
    public void PauseSenderDomain_HoldsTheRecordsSenderDomain_AtItsSite_AcrossSources()
    {
        var (state, fired) = TsaState.Empty(RuleSet).Apply(Record(T0, "550 5.7.26 unauthenticated mail from example.org"), T0);

        var pause = Assert.IsType<PauseSenderEffect>(Assert.Single(fired));
        Assert.Equal(("example.org", "mx.example.com"), (pause.SenderDomain, pause.Site));
        Assert.Equal("sender example.org site mx.example.com", pause.Scope);
        Assert.Equal(T0.AddHours(2), pause.Expires);
        Assert.Contains("sender=example.org", pause.Reason);

        // The same sender through another source extends the one pause.
        var (_, again) = state.Apply(Record(T0.AddMinutes(1), "550 5.7.26 again", path: "ip-2->mx.example.com@smtp_client", source: "ip-2"), T0.AddMinutes(1));
        Assert.Equal(pause.Scope, Assert.IsType<PauseSenderEffect>(Assert.Single(again)).Scope);
    }

    [Fact]
    public void PauseSenderEffect_SurvivesASnapshot()
    {
        var (state, _) = TsaState.Empty(RuleSet).Apply(Record(T0, "550 5.7.26 x"), T0);

        var restored = TsaState.FromJson(state.ToJson(), RuleSet);

        var pause = Assert.IsType<PauseSenderEffect>(Assert.Single(restored.ActiveEffects(T0)));
        Assert.Equal(("example.org", "mx.example.com"), (pause.SenderDomain, pause.Site));
    }
}
