using Akka.Mta.Core.Logging;
using Akka.Mta.Testing.SmtpServer;

namespace Akka.Mta.Delivery.Tests.Delivery;

/// <summary>
/// The TSA end to end: the sink answers as Yahoo does, the rules of the policy's shaping file fire,
/// and the path, tenant or config changes at once; the effects survive a restart.
/// </summary>
public sealed class AutomationTests
{
    private const string SinkReplies = """
        [[reply]]
        recipient = '^ts04'
        code = 421
        enhanced = '4.7.0'
        text = '[TS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints'

        [[reply]]
        recipient = '^slowdown'
        code = 451
        enhanced = '4.7.1'
        text = 'slow down'

        [[reply]]
        recipient = '^policy'
        code = 550
        enhanced = '5.7.26'
        text = 'unauthenticated mail from this domain is not accepted'
        """;

    private const string Shaping = """
        ["default"]
        connection_limit = 10

        [["default".automation]]
        regex = "\\[TS04\\]"
        action = "Suspend"
        duration = "1 hour"

        [["default".automation]]
        regex = "slow down"
        trigger = {Threshold="2/hr"}
        action = {SetConfig={name="connection_limit", value=1}}
        duration = "1 hour"

        [["default".automation]]
        regex = "5\\.7\\.26"
        action = "SuspendTenant"
        duration = "1 hour"
        """;

    [Fact]
    public async Task Ts04Reply_SuspendsThePath_AndTheSuspensionSurvivesARestart()
    {
        await using var node = await DeliveryHarness.StartAsync(shaping: Shaping, sinkReplies: SinkReplies, queueOptions: "retry_interval = '1h'");
        var path = $"unspecified->mx_list:{node.Sink.SmtpEndpoint}@smtp_client";

        await node.SubmitAsync("ts04@example.com");

        await Eventually.HoldsAsync(() => node.Runtime.GetPathStateAsync(path).Result.SuspendedReason?.Contains("TS04") == true, "the path suspended by the [TS04] rule");
        var status = await node.Runtime.GetTsaStatusAsync();
        var effect = Assert.Single(status.Effects);
        Assert.Equal("Suspend", effect.Action);
        Assert.InRange(effect.Expires - effect.TriggeredAt, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));

        // Later mail waits: the suspended path takes nothing.
        await node.SubmitAsync("after@example.com");
        await Eventually.HoldsAsync(() => node.Runtime.GetQueueStateAsync("example.com").Result.Parked >= 1, "new mail held for the suspended path");
        Assert.Equal(0, node.Sink.Stats.Messages);

        // A restart restores the TSA's state and suspends the path again.
        await Eventually.HoldsAsync(() => !node.Runtime.GetTsaStatusAsync().Result.Unsaved, "the TSA state saved");
        await node.StopNodeAsync();
        await node.StartNodeAsync("retry_interval = '1h'", "");
        await Eventually.HoldsAsync(() => node.Runtime.GetTsaStatusAsync().Result.Effects.Count == 1, "the effect restored from the snapshot");
        await Eventually.HoldsAsync(() => node.Runtime.GetPathStateAsync(path).Result.SuspendedReason?.Contains("TS04") == true, "the path suspended again after the restart");
    }

    [Fact]
    public async Task Threshold_SetsConfigOnTheSecondMatch_NotTheFirst()
    {
        await using var node = await DeliveryHarness.StartAsync(shaping: Shaping, sinkReplies: SinkReplies, queueOptions: "retry_interval = '1h'", pathOptions: "connection_limit = 10");
        var path = $"unspecified->mx_list:{node.Sink.SmtpEndpoint}@smtp_client";

        await node.SubmitAsync("slowdown+1@example.com");
        await node.WaitForAsync(LogRecordType.TransientFailure, 1);
        Assert.Empty((await node.Runtime.GetTsaStatusAsync()).Effects);
        Assert.Equal(10, (await node.Runtime.GetPathStateAsync(path)).ConnectionLimit);

        await node.SubmitAsync("slowdown+2@example.com");

        await Eventually.HoldsAsync(() => node.Runtime.GetPathStateAsync(path).Result.ConnectionLimit == 1, "connection_limit lowered to 1 by the threshold rule");
        var status = await node.Runtime.GetTsaStatusAsync();
        Assert.Equal("connection_limit = 1", Assert.Single(status.Effects).Setting);
        Assert.Contains("connection_limit = 1", status.ShapingToml);
    }

    [Fact]
    public async Task PolicyRejection_SuspendsOnlyThatTenant()
    {
        await using var node = await DeliveryHarness.StartAsync(shaping: Shaping, sinkReplies: SinkReplies, queueOptions: "retry_interval = '1s'");

        await node.Runtime.SubmitAsync([DeliveryHarness.Message("policy@example.com", tenant: "spammy")], CancellationToken.None);
        await node.WaitForAsync(LogRecordType.Bounce, 1);
        await Eventually.HoldsAsync(() => node.Runtime.GetAdminControlsAsync().Result.Controls.Suspensions.Count == 1, "the tenant suspended");

        await node.Runtime.SubmitAsync(
        [
            DeliveryHarness.Message("held@example.com", tenant: "spammy"),
            DeliveryHarness.Message("flows@example.com", tenant: "good"),
        ], CancellationToken.None);

        await node.WaitForAsync(LogRecordType.Delivery, 1);
        Assert.Equal("flows@example.com", node.OfType(LogRecordType.Delivery).Single().Recipient);
        await Eventually.HoldsAsync(() => node.OfType(LogRecordType.TransientFailure).Any(r => r.Recipient == "held@example.com" && r.Response.Content.Contains("suspended")),
            "the suspended tenant's message refused at promotion");
    }

    [Fact]
    public async Task PauseSenderDomain_HoldsThatSendersMail_OthersFlow()
    {
        const string pauseRule = """
            [["default".automation]]
            regex = "5\\.7\\.26"
            action = "PauseSenderDomain"
            duration = "1 hour"
            """;
        await using var node = await DeliveryHarness.StartAsync(shaping: pauseRule, sinkReplies: SinkReplies, queueOptions: "retry_interval = '1h'");

        await node.Runtime.SubmitAsync([DeliveryHarness.Message("policy@example.com", sender: "news@bulk.example")], CancellationToken.None);
        await node.WaitForAsync(LogRecordType.Bounce, 1);
        await Eventually.HoldsAsync(() => node.Runtime.GetAdminControlsAsync().Result.Controls.SenderPauses!.Count == 1, "the sender domain paused");

        await node.Runtime.SubmitAsync(
        [
            DeliveryHarness.Message("held@example.com", sender: "other@bulk.example"),
            DeliveryHarness.Message("flows@example.com", sender: "someone@fine.example"),
        ], CancellationToken.None);

        await node.WaitForAsync(LogRecordType.Delivery, 1);
        Assert.Equal("flows@example.com", node.OfType(LogRecordType.Delivery).Single().Recipient);
        await Eventually.HoldsAsync(() => node.Runtime.GetQueueStateAsync("example.com").Result.Scheduled == 1, "the paused sender's message back in its queue");
        Assert.Equal(1, node.Sink.Stats.Messages);
    }

    [Fact]
    public async Task SuspendedPath_DeliversAgain_WhenTheRulesDurationEnds()
    {
        const string shortRule = """
            [["default".automation]]
            regex = "\\[TS04\\]"
            action = "Suspend"
            duration = "5s"
            """;
        await using var node = await DeliveryHarness.StartAsync(shaping: shortRule, sinkReplies: SinkReplies, queueOptions: "retry_interval = '1h'");
        var path = $"unspecified->mx_list:{node.Sink.SmtpEndpoint}@smtp_client";

        await node.SubmitAsync("ts04@example.com");
        await Eventually.HoldsAsync(() => node.Runtime.GetPathStateAsync(path).Result.SuspendedReason is not null, "the path suspended");
        var suspendedUntil = (await node.Runtime.GetPathStateAsync(path)).SuspendedUntil!.Value;
        await node.SubmitAsync("later@example.com");

        await node.WaitForAsync(LogRecordType.Delivery, 1);
        var delivered = node.OfType(LogRecordType.Delivery).Single();
        Assert.Equal("later@example.com", delivered.Recipient);
        Assert.True(delivered.EventTime >= suspendedUntil, $"delivered at {delivered.EventTime:O}, before the suspension ended at {suspendedUntil:O}");
        Assert.Empty((await node.Runtime.GetTsaStatusAsync()).Effects);
    }

    [Fact]
    public async Task AdjustConfig_LowersTheLimitPerTrigger_ToItsFloor_ThenRecoversInSteps()
    {
        const string adjustRule = """
            [["default".automation]]
            regex = "slow down"
            action = {AdjustConfig={name="connection_limit", reduce_percent=50, floor=2, step_after="1s", step_percent=50}}
            duration = "1 hour"
            """;
        await using var node = await DeliveryHarness.StartAsync(shaping: adjustRule, sinkReplies: SinkReplies, queueOptions: "retry_interval = '1h'",
            pathOptions: "connection_limit = 10");
        var path = $"unspecified->mx_list:{node.Sink.SmtpEndpoint}@smtp_client";
        var seen = new System.Collections.Concurrent.ConcurrentQueue<long>();

        await node.SubmitAsync("slowdown+1@example.com");
        await Eventually.HoldsAsync(() => Limit(node, path, seen) == 5, "10 lowered by 50 %");
        await node.SubmitAsync("slowdown+2@example.com");
        await Eventually.HoldsAsync(() => Limit(node, path, seen) == 2, "5 lowered by 50 %, held at the floor of 2");

        await Eventually.HoldsAsync(() => Limit(node, path, seen) == 10, "the limit back at 10 after quiet steps");
        // It came back through an intermediate step (25 % -> 75 % -> 100 %), not at once.
        Assert.Contains(7L, seen);
    }

    private static long Limit(DeliveryHarness node, string path, System.Collections.Concurrent.ConcurrentQueue<long> seen)
    {
        var limit = node.Runtime.GetPathStateAsync(path).Result.ConnectionLimit ?? 0;
        seen.Enqueue(limit);
        return limit;
    }
}
