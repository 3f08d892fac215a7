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
