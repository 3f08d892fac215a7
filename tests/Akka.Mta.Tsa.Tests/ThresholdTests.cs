using static Akka.Mta.Tsa.Tests.TsaTestData;

namespace Akka.Mta.Tsa.Tests;

/// <summary><c>{Threshold="N/period"}</c>: the N-th match on one egress path within one period fires.</summary>
public sealed class ThresholdTests
{
    private const string Rules = """
        ["example.com"]
        mx_rollup = false

        [["example.com".automation]]
        regex = "4\\.7\\.1 slow down"
        trigger = {Threshold="3/hr"}
        action = "Suspend"
        duration = "2 hours"
        """;

    private static readonly TsaRuleSet RuleSet = TsaTestData.Rules(Rules);

    [Theory]
    [InlineData(2, 0)]
    [InlineData(3, 1)]
    [InlineData(4, 2)]
    public void Threshold_FiresFromTheNthMatch(int matches, int expectedFirings)
    {
        var records = Enumerable.Range(0, matches).Select(i => Record(T0.AddMinutes(10 * i), "451 4.7.1 slow down please"));

        var (_, fired) = Run(TsaState.Empty(RuleSet), records);

        Assert.Equal(expectedFirings, fired.Count);
        Assert.All(fired, e => Assert.Equal(new SuspendPathEffect(ExamplePath, e.Rule, "automation rule: 4\\.7\\.1 slow down", e.TriggeredAt, e.TriggeredAt.AddHours(2)), e));
        if (expectedFirings > 0)
        {
            Assert.Equal(T0.AddMinutes(20), fired[0].TriggeredAt);
        }
    }

    [Theory]
    [InlineData(59 * 60 + 59, true)] // third match one second inside the hour that started with the first
    [InlineData(60 * 60, false)] // exactly one period later: the first match has left the window
    [InlineData(60 * 60 + 1, false)]
    public void Threshold_MatchJustOutsideThePeriod_DoesNotCount(int thirdAfterSeconds, bool fires)
    {
        var records = new[]
        {
            Record(T0, "451 4.7.1 slow down"),
            Record(T0.AddMinutes(30), "451 4.7.1 slow down"),
            Record(T0.AddSeconds(thirdAfterSeconds), "451 4.7.1 slow down"),
        };

        var (_, fired) = Run(TsaState.Empty(RuleSet), records);

        Assert.Equal(fires, fired.Count == 1);
    }

    [Fact]
    public void Threshold_CountsPerEgressPath()
    {
        const string otherPath = "ip-2->mx.example.com@smtp_client";
        var records = new[]
        {
            Record(T0, "451 4.7.1 slow down"),
            Record(T0.AddMinutes(1), "451 4.7.1 slow down", path: otherPath, source: "ip-2"),
            Record(T0.AddMinutes(2), "451 4.7.1 slow down"),
            Record(T0.AddMinutes(3), "451 4.7.1 slow down", path: otherPath, source: "ip-2"),
        };

        var (state, fired) = Run(TsaState.Empty(RuleSet), records);

        Assert.Empty(fired);
        Assert.Equal(2, state.CounterCount);
    }

    [Fact]
    public void Threshold_NonMatchingResponses_DoNotCount()
    {
        var records = new[]
        {
            Record(T0, "451 4.7.1 slow down"),
            Record(T0.AddMinutes(1), "451 4.7.1 mailbox busy"),
            Record(T0.AddMinutes(2), "250 2.0.0 ok", type: Core.Logging.LogRecordType.Delivery),
            Record(T0.AddMinutes(3), "451 4.7.1 slow down"),
        };

        var (_, fired) = Run(TsaState.Empty(RuleSet), records);

        Assert.Empty(fired);
    }

    [Fact]
    public void Threshold_RecordsOlderThanTheEffect_DoNotRecount()
    {
        var burst = Enumerable.Range(0, 3).Select(i => Record(T0.AddMinutes(i), "451 4.7.1 slow down")).ToList();
        var (state, fired) = Run(TsaState.Empty(RuleSet), burst);
        Assert.Single(fired);

        // The same records again (a replayed log, a retried publish), and older ones: nothing changes.
        var (replayed, again) = Run(state, [.. burst, Record(T0.AddSeconds(30), "451 4.7.1 slow down")]);

        Assert.Empty(again);
        Assert.Same(state, replayed);
    }

    [Fact]
    public void Threshold_StaleRecord_IsIgnored()
    {
        var state = TsaState.Empty(RuleSet);

        // Record time + duration (2 h) is not after now: the effect would already be over.
        var (next, fired) = state.Apply(Record(T0, "451 4.7.1 slow down"), T0.AddHours(2));

        Assert.Empty(fired);
        Assert.Same(state, next);
    }
}
