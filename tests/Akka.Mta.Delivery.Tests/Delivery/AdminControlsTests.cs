using Akka.Mta.Cluster;
using Akka.Mta.Core.Logging;
using Akka.Mta.Delivery.Admin;
using Akka.Mta.Delivery.Queueing;
using Akka.Mta.Testing.SmtpServer;

namespace Akka.Mta.Delivery.Tests.Delivery;

/// <summary>
/// The admin-controls singleton: controls reach the entities as messages — queues and paths that
/// start after a change ask for what applies to them, running ones are told — and it lists what runs.
/// </summary>
public sealed class AdminControlsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void EveryAdminMessage_RoundTripsThroughItsSerializer()
    {
        var serialization = MessageSerialization.CreateStandalone();
        serialization.Register(AdminMessagesJsonContext.Default);
        var criteria = new QueueCriteria { Tenant = "acme", QueueNames = ["acme@example.com"] };
        var suspension = new QueueSuspension("s1", "on hold", T0, criteria);
        var bounce = new AdminBounce("b1", "abuse", T0, criteria, SuppressLogging: true);
        var path = new PathSuspension("p1", "ip-1->mx.example.com@smtp_client", "slow down", T0);
        var pause = new SenderPause("news.example", "mx.example.com", "5.7.26", T0);

        var problems = serialization.VerifySamples(
        [
            new WatchQueueControls("acme@example.com"),
            new QueueControlsInForce([suspension], [bounce]),
            new WatchPathControls(path.Name),
            new PathControlsInForce(path, [bounce], [pause]),
            new BouncesCounted("b1", "acme@example.com", 3),
            new AddQueueSuspension(suspension),
            new AddBounce(bounce),
            new AddPathSuspension(path),
            new AddSenderPause(pause),
            new RemoveControl(ControlKind.Bounce, "b1"),
            new ControlChanged(true),
            new RebindQueues(criteria, "{\"tenant\":\"vip\"}", "move", AlwaysFlush: true, SuppressLogging: false),
            new RebindStarted(2),
            new GetAdminControls(),
            new AdminControlsView(new AdminControls([suspension], [bounce], [path], [pause]),
                new Dictionary<string, Dictionary<string, long>> { ["b1"] = new() { ["acme@example.com"] = 3 } }),
            new GetRunningEntities(),
            new RunningEntities(["acme@example.com"], [path.Name]),
        ]);

        // A standalone registry also holds the cluster's own messages: those are the cluster tests' concern.
        Assert.DoesNotContain(problems, p => !p.StartsWith("No sample for the registered type Akka.Mta.Cluster.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task QueueStartedAfterASuspension_HoldsItsMail_UntilTheSuspensionIsLifted()
    {
        await using var node = await DeliveryHarness.StartAsync(queueOptions: "retry_interval = '1s', max_retry_interval = '1s'");
        var suspension = await node.Runtime.SuspendQueuesAsync(
            new QueueSuspension("s1", "tenant on hold", DateTimeOffset.UtcNow.AddHours(1), new QueueCriteria { Tenant = "acme" }));

        // The queue does not run yet: it starts with this message and asks the controls first.
        await node.Runtime.SubmitAsync([DeliveryHarness.Message("held@example.com", tenant: "acme")], CancellationToken.None);
        await node.WaitForAsync(LogRecordType.TransientFailure, 1);
        Assert.Contains("scheduled queue is suspended: tenant on hold", node.OfType(LogRecordType.TransientFailure)[0].Response.Content);
        Assert.Equal(0, node.Sink.Stats.Messages);

        Assert.True(await node.Runtime.ResumeQueuesAsync(suspension.Id));
        Assert.False(await node.Runtime.ResumeQueuesAsync(suspension.Id));

        await node.WaitForAsync(LogRecordType.Delivery, 1);
    }

    [Fact]
    public async Task Bounce_ReachesMessagesWaitingInAPathsReadyQueue()
    {
        // One message an hour: the first is delivered, the others wait in the path's ready queue.
        await using var node = await DeliveryHarness.StartAsync(pathOptions: "max_message_rate = '1/h'");
        var path = $"unspecified->mx_list:{node.Sink.SmtpEndpoint}@smtp_client";
        await node.Runtime.SubmitAsync(
        [
            DeliveryHarness.Message("first@example.com", tenant: "acme"),
            DeliveryHarness.Message("second@example.com", tenant: "acme"),
            DeliveryHarness.Message("third@example.com", tenant: "acme"),
        ], CancellationToken.None);
        await node.WaitForAsync(LogRecordType.Delivery, 1);
        await Eventually.HoldsAsync(() => node.Runtime.GetPathStateAsync(path).Result.Ready == 2, "two messages waiting in the ready queue");

        var bounce = await node.Runtime.BounceAsync(
            new AdminBounce("b1", "tenant asked", DateTimeOffset.UtcNow.AddHours(1), new QueueCriteria { Tenant = "acme" }, SuppressLogging: false));

        await node.WaitForAsync(LogRecordType.AdminBounce, 2);
        Assert.Equal(0, (await node.Runtime.GetPathStateAsync(path)).Ready);
        await Eventually.HoldsAsync(() => node.Runtime.GetAdminControlsAsync().Result.Bounced.GetValueOrDefault(bounce.Id)?.GetValueOrDefault("acme@example.com") == 2,
            "the path to count what it bounced");
        await Eventually.HoldsAsync(() => node.SpoolCountAsync().Result == 0, "the bounced messages to leave the spool");
        Assert.Equal(1, node.Sink.Stats.Messages);
    }

    [Fact]
    public async Task RunningEntities_ListTheQueuesAndPathsThatRun_AndForgetAReapedQueue()
    {
        await using var node = await DeliveryHarness.StartAsync(queueOptions: "reap_interval = '200ms'");
        var path = $"unspecified->mx_list:{node.Sink.SmtpEndpoint}@smtp_client";
        Assert.Empty((await node.Runtime.GetRunningEntitiesAsync()).Queues);

        await node.Runtime.SubmitAsync([DeliveryHarness.Message("someone@example.com", tenant: "acme")], CancellationToken.None);
        await Eventually.HoldsAsync(() => node.Runtime.GetRunningEntitiesAsync().Result.Queues.Contains("acme@example.com"), "the queue to announce itself");
        await node.WaitForAsync(LogRecordType.Delivery, 1);
        Assert.Contains(path, (await node.Runtime.GetRunningEntitiesAsync()).Paths);

        // Empty, the queue is reaped: the controls see it stop and drop it from the listing.
        await Eventually.HoldsAsync(() => !node.Runtime.GetRunningEntitiesAsync().Result.Queues.Contains("acme@example.com"), "the reaped queue to leave the listing");
        Assert.Contains(path, (await node.Runtime.GetRunningEntitiesAsync()).Paths);
    }
}
