using System.Text.Json;
using static Akka.Mta.Tsa.Tests.TsaTestData;

namespace Akka.Mta.Tsa.Tests;

/// <summary>The state as JSON for the journal: every effect kind and the threshold counters survive a round trip.</summary>
public sealed class SnapshotTests
{
    private static readonly TsaRuleSet RuleSet = new(Load([
        Shaping.Input.ShapingInput.FromText("integration-tests-shaping.toml", File.ReadAllText(AnchorPath("integration-tests-shaping.toml"))),
        Shaping.Input.ShapingInput.FromText("threshold.toml", """
            ["example.com"]
            mx_rollup = false
            [["example.com".automation]]
            regex = "slow"
            trigger = {Threshold="3/hr"}
            action = [{SetDomainConfig={name="enable_tls", value="Required"}}, {SetDomainConfig={name="max_message_rate", value="5/min"}}]
            duration = "1h"
            """),
    ]));

    private static TsaState Busy()
    {
        var (state, fired) = Run(TsaState.Empty(RuleSet), [
            Record(T0, "450 you said 450-go-away", queue: "camp:acme@example.com"),
            Record(T0.AddMinutes(1), "450 you said 450-suspend-campaign", queue: "camp:acme@example.com"),
            Record(T0.AddMinutes(2), "550 you said 550-bounce-campaign", queue: "camp:acme@example.com", type: Core.Logging.LogRecordType.Bounce),
            Record(T0.AddMinutes(3), "421 slow"),
            Record(T0.AddMinutes(4), "421 slow"),
            Record(T0.AddMinutes(5), "421 slow"),
            Record(T0.AddMinutes(6), "421 slow", path: "ip-2->mx.example.com@smtp_client", source: "ip-2"),
        ]);
        Assert.Equal(7, fired.Count);
        return state;
    }

    [Fact]
    public void Snapshot_RoundTrips_EveryEffectAndCounter()
    {
        var state = Busy();

        var json = state.ToJson();
        var restored = TsaState.FromJson(json, RuleSet);

        Assert.Equal(json, restored.ToJson());
        Assert.Equal(state.ActiveEffects(T0), restored.ActiveEffects(T0), new EffectComparer());
        Assert.Equal(2, restored.CounterCount);
        Assert.Equal(state.ActiveOverridesToml(T0.AddMinutes(10)), restored.ActiveOverridesToml(T0.AddMinutes(10)));
        Assert.Equal(json, TsaState.FromJson(state.ToUtf8Json(), RuleSet).ToJson());
    }

    [Fact]
    public void Snapshot_RestoredState_KeepsCountingWhereItStopped()
    {
        var restored = TsaState.FromJson(Busy().ToJson(), RuleSet);
        var otherPath = "ip-2->mx.example.com@smtp_client";

        var (afterOne, first) = restored.Apply(Record(T0.AddMinutes(7), "421 slow", path: otherPath, source: "ip-2"), T0.AddMinutes(7));
        var (_, second) = afterOne.Apply(Record(T0.AddMinutes(8), "421 slow", path: otherPath, source: "ip-2"), T0.AddMinutes(8));

        Assert.Empty(first);
        Assert.Equal(2, second.Count);
    }

    [Fact]
    public void Snapshot_IsPlainJson_WithVersionAndTomlValues()
    {
        using var json = JsonDocument.Parse(Busy().ToJson());

        Assert.Equal(TsaState.SnapshotVersion, json.RootElement.GetProperty("version").GetInt32());
        var values = json.RootElement.GetProperty("effects").EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString() == "config_override").Select(e => e.GetProperty("value").GetString()!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["\"3/m\"", "\"5/min\"", "\"Required\"", "1"], values);
    }

    [Fact]
    public void Snapshot_OfAnotherVersion_IsRejected()
    {
        Assert.Throws<JsonException>(() => TsaState.FromJson("""{"version":99,"effects":[],"counters":[]}""", RuleSet));
    }

    /// <summary>Effects are equal when their JSON forms are (override values are TOML nodes, compared by value).</summary>
    private sealed class EffectComparer : IEqualityComparer<TsaEffect>
    {
        public bool Equals(TsaEffect? x, TsaEffect? y) => x is ConfigOverrideEffect a && y is ConfigOverrideEffect b
            ? a with { Value = b.Value } == b && a.Value.ValueEquals(b.Value)
            : object.Equals(x, y);

        public int GetHashCode(TsaEffect obj) => obj.Scope.GetHashCode(StringComparison.Ordinal);
    }
}
