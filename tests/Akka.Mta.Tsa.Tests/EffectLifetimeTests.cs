using Akka.Mta.Core.Logging;
using static Akka.Mta.Tsa.Tests.TsaTestData;

namespace Akka.Mta.Tsa.Tests;

/// <summary>Immediate rules, expiry, extension, pruning, and which records and replies are considered.</summary>
public sealed class EffectLifetimeTests
{
    private const string Rules = """
        ["example.com"]
        mx_rollup = false

        [["example.com".automation]]
        regex = "Too many connections"
        action = "Suspend"
        duration = "2 hours"

        [["example.com".automation]]
        regex = "queue is suspended"
        action = {SetDomainConfig={name="connection_limit", value=1}}
        duration = "1 hour"

        [["example.com".automation]]
        regex = "queue is suspended"
        match_internal = true
        action = {SetDomainConfig={name="max_message_rate", value="1/minute"}}
        duration = "1 hour"
        """;

    private static readonly TsaRuleSet RuleSet = TsaTestData.Rules(Rules);

    [Fact]
    public void Immediate_FiresOnTheFirstMatch_UntilRecordTimePlusDuration()
    {
        var (state, fired) = TsaState.Empty(RuleSet).Apply(Record(T0, "421 4.7.0 Too many connections"), T0.AddMinutes(5));

        var effect = Assert.IsType<SuspendPathEffect>(Assert.Single(fired));
        Assert.Equal(ExamplePath, effect.Path);
        Assert.Equal(T0, effect.TriggeredAt);
        Assert.Equal(T0.AddHours(2), effect.Expires);
        Assert.Equal(TimeSpan.FromHours(2), effect.Duration);
        Assert.Equal("automation rule: Too many connections", effect.Reason);
        Assert.StartsWith("domain:example.com/", effect.Rule);
        Assert.Equal([effect], state.ActiveEffects(T0.AddHours(2).AddTicks(-1)));
        Assert.Empty(state.ActiveEffects(T0.AddHours(2)));
    }

    [Fact]
    public void Retrigger_ExtendsTheSameEffect()
    {
        var (state, fired) = Run(TsaState.Empty(RuleSet),
            [Record(T0, "421 Too many connections"), Record(T0.AddMinutes(30), "421 Too many connections")]);

        Assert.Equal([T0.AddHours(2), T0.AddMinutes(150)], fired.Select(e => e.Expires));
        var only = Assert.Single(state.Effects.Values);
        Assert.Equal(T0.AddMinutes(150), only.Expires);
        Assert.Equal(T0.AddMinutes(150), state.NextExpiry);
    }

    [Fact]
    public void Prune_DropsExpiredEffects_AndKeepsLiveOnes()
    {
        var (state, _) = Run(TsaState.Empty(RuleSet), [
            Record(T0, "421 Too many connections"),
            Record(T0.AddMinutes(30), "421 Too many connections", path: "ip-2->mx.example.com@smtp_client", source: "ip-2"),
        ]);

        Assert.Same(state, state.Prune(T0.AddMinutes(119)));
        var pruned = state.Prune(T0.AddHours(2));
        Assert.Equal(["path ip-2->mx.example.com@smtp_client"], pruned.Effects.Values.Select(e => e.Scope));
        Assert.Empty(pruned.Prune(T0.AddMinutes(150)).Effects);
    }

    [Fact]
    public void InternalReplies_AreIgnored_UnlessTheRuleSaysMatchInternal()
    {
        var internalReply = "451 4.4.4 Akka.Mta internal: scheduled queue is suspended";
        var kumoInternalReply = "451 4.4.4 KumoMTA internal: scheduled queue is suspended";

        var (_, fired) = Run(TsaState.Empty(RuleSet), [Record(T0, internalReply), Record(T0.AddMinutes(1), kumoInternalReply)]);
        var (_, external) = TsaState.Empty(RuleSet).Apply(Record(T0, "451 4.4.4 the queue is suspended"), T0);

        Assert.Equal(["max_message_rate", "max_message_rate"], fired.Cast<ConfigOverrideEffect>().Select(e => e.Option));
        Assert.Equal(["connection_limit", "max_message_rate"], external.Cast<ConfigOverrideEffect>().Select(e => e.Option));
    }

    [Fact]
    public void DomainRule_DoesNotFireForAnotherDomain()
    {
        var (_, fired) = TsaState.Empty(RuleSet).Apply(
            Record(T0, "421 Too many connections", recipient: "user@example.org", queue: "example.org"), T0);

        Assert.Empty(fired);
    }

    [Theory]
    [InlineData(LogRecordType.TransientFailure, true)]
    [InlineData(LogRecordType.Bounce, true)]
    [InlineData(LogRecordType.Delivery, true)]
    [InlineData(LogRecordType.Expiration, true)]
    [InlineData(LogRecordType.Reception, false)]
    [InlineData(LogRecordType.Rejection, false)]
    [InlineData(LogRecordType.Delayed, false)]
    [InlineData(LogRecordType.AdminRebind, false)]
    [InlineData(LogRecordType.XferOut, false)]
    public void RecordTypes_AreConsideredAsKumoMtaPublishesThem(LogRecordType type, bool considered)
    {
        var (_, fired) = TsaState.Empty(RuleSet).Apply(Record(T0, "421 Too many connections", type: type), T0);

        Assert.Equal(considered, fired.Count == 1);
    }

    [Fact]
    public void RecordWithoutRecipientDomain_TriggersNothing()
    {
        var (_, fired) = TsaState.Empty(RuleSet).Apply(Record(T0, "421 Too many connections", recipient: "postmaster"), T0);

        Assert.Empty(fired);
    }
}
