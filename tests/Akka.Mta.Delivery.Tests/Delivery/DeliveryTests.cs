using Akka.Actor;
using Akka.Mta.Core.Logging;
using Akka.Mta.Testing.SmtpServer;

namespace Akka.Mta.Delivery.Tests.Delivery;

/// <summary>Reception to delivery through the ScheduledQueue and EgressPath entities, to a real SMTP sink.</summary>
public sealed class DeliveryTests
{
    [Fact]
    public async Task AcceptedMessages_AreDelivered_Logged_AndLeaveTheSpool()
    {
        await using var node = await DeliveryHarness.StartAsync();
        await node.SubmitAsync("a@example.com", "b@example.com", "c@example.net");

        await node.WaitForAsync(LogRecordType.Delivery, 3);
        Assert.Equal(3, node.Sink.Stats.Messages);
        Assert.Equal(3, node.OfType(LogRecordType.Reception).Count);
        var delivery = node.OfType(LogRecordType.Delivery).Single(r => r.Recipient == "c@example.net");
        Assert.Equal("example.net", delivery.Queue);
        Assert.Equal($"unspecified->mx_list:{node.Sink.SmtpEndpoint}@smtp_client", delivery.Site);
        Assert.Equal(250, delivery.Response.Code);
        Assert.Equal(1, delivery.NumAttempts);
        Assert.Equal("127.0.0.1", delivery.PeerAddress!.Addr);
        await Eventually.HoldsAsync(() => node.SpoolCountAsync().Result == 0, "the spool to be empty");
    }

    [Fact]
    public async Task PermanentFailure_IsABounce_WithItsClassification()
    {
        await using var node = await DeliveryHarness.StartAsync();
        await node.SubmitAsync("permfail@example.com");

        await node.WaitForAsync(LogRecordType.Bounce, 1);
        var bounce = node.OfType(LogRecordType.Bounce).Single();
        Assert.Equal(550, bounce.Response.Code);
        Assert.Equal("InvalidRecipient", bounce.BounceClassification);
        Assert.Equal("RCPT TO", bounce.Response.Command);
        await Eventually.HoldsAsync(() => node.SpoolCountAsync().Result == 0, "the bounced message to leave the spool");
    }

    [Fact]
    public async Task TransientFailure_IsRetried_AndDeliveredLater()
    {
        await using var node = await DeliveryHarness.StartAsync(queueOptions: "retry_interval = '1s', max_retry_interval = '2s'");
        await node.SubmitAsync("tempfail-2@example.com");

        await node.WaitForAsync(LogRecordType.Delivery, 1);
        var failures = node.OfType(LogRecordType.TransientFailure);
        Assert.Equal(2, failures.Count);
        Assert.Equal([1, 2], failures.Select(f => f.NumAttempts));
        Assert.All(failures, f => Assert.Equal(451, f.Response.Code));
        Assert.Equal(3, node.OfType(LogRecordType.Delivery).Single().NumAttempts);
        Assert.True(failures[1].EventTime - failures[0].EventTime >= TimeSpan.FromSeconds(0.9), "the retry waits retry_interval");
    }

    [Fact]
    public async Task MessageThatKeepsFailing_ExpiresAtMaxAge()
    {
        await using var node = await DeliveryHarness.StartAsync(queueOptions: "retry_interval = '1s', max_age = '3s'");
        await node.SubmitAsync("tempfail@example.com");

        await node.WaitForAsync(LogRecordType.Expiration, 1);
        var expiration = node.OfType(LogRecordType.Expiration).Single();
        Assert.Equal(551, expiration.Response.Code);
        Assert.Contains("exceeds max_age=3s", expiration.Response.Content);
        Assert.Equal("MessageExpired", expiration.BounceClassification);
        Assert.NotEmpty(node.OfType(LogRecordType.TransientFailure));
        await Eventually.HoldsAsync(() => node.SpoolCountAsync().Result == 0, "the expired message to leave the spool");
    }

    [Fact]
    public async Task ConnectionLimit_IsNeverExceeded_AndMaxDeliveriesPerConnectionHolds()
    {
        await using var node = await DeliveryHarness.StartAsync(pathOptions: "connection_limit = 3, max_deliveries_per_connection = 5");
        await node.SubmitAsync(Enumerable.Range(0, 60).Select(i => $"slow-20+{i}@example.com").ToArray());

        await node.WaitForAsync(LogRecordType.Delivery, 60);
        Assert.InRange(node.Sink.Stats.PeakConcurrentConnections, 1, 3);
        Assert.True(node.Sink.Stats.Connections >= 12, $"60 messages at most 5 per connection need 12 connections, saw {node.Sink.Stats.Connections}");
        var perSession = node.OfType(LogRecordType.Delivery).GroupBy(r => r.SessionId).Select(g => g.Count()).ToList();
        Assert.All(perSession, n => Assert.InRange(n, 1, 5));
    }

    [Fact]
    public async Task LogRecords_AreWrittenAsJsonLines_UnderTheLogDirectory()
    {
        await using var node = await DeliveryHarness.StartAsync();
        await node.SubmitAsync("a@example.com");
        await node.WaitForAsync(LogRecordType.Delivery, 1);

        await Eventually.HoldsAsync(() => ReadRecords(node.LogDirectory).Count(r => r.Type == LogRecordType.Delivery) == 1, "the Delivery record in the log file");
        var records = ReadRecords(node.LogDirectory);
        Assert.Equal([LogRecordType.Reception, LogRecordType.Delivery], records.Select(r => r.Type));
        Assert.Matches(@"^\d{8}-\d{6}$", Path.GetFileName(Directory.GetFiles(node.LogDirectory).Single()));
    }

    [Fact]
    public async Task EmptyQueue_IsReapedAfterReapInterval_AndComesBackForTheNextMessage()
    {
        await using var node = await DeliveryHarness.StartAsync(queueOptions: "retry_interval = '1h', reap_interval = '200ms'");
        await node.Runtime.SubmitAsync([DeliveryHarness.Message("tempfail@example.com", tenant: "acme")], CancellationToken.None);
        await node.WaitForAsync(LogRecordType.TransientFailure, 1);
        // A queue that holds a message is never reaped.
        Assert.Contains("acme@example.com", await QueueEntitiesAsync(node));

        var bounce = await node.Runtime.BounceAsync(new Queueing.AdminBounce("b", "empty it", DateTimeOffset.UtcNow.AddHours(1), new Queueing.QueueCriteria { Tenant = "acme" }, SuppressLogging: false));
        await node.WaitForAsync(LogRecordType.AdminBounce, 1);

        await Eventually.HoldsAsync(() => !QueueEntitiesAsync(node).Result.Contains("acme@example.com"), "the emptied queue to leave memory");
        await node.Runtime.CancelBounceAsync(bounce.Id);
        await node.Runtime.SubmitAsync([DeliveryHarness.Message("back@example.com", tenant: "acme")], CancellationToken.None);
        await node.WaitForAsync(LogRecordType.Delivery, 1);
    }

    private static async Task<List<string>> QueueEntitiesAsync(DeliveryHarness node)
    {
        var state = await node.Runtime.Services.Queues.Ask<Akka.Cluster.Sharding.CurrentShardRegionState>(
            Akka.Cluster.Sharding.GetShardRegionState.Instance, TimeSpan.FromSeconds(10));
        return state.Shards.SelectMany(s => s.EntityIds).ToList();
    }

    private static List<LogRecord> ReadRecords(string dir) =>
        Directory.GetFiles(dir)
            .SelectMany(f =>
            {
                using var stream = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var reader = new StreamReader(stream);
                return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
            })
            .Where(line => line.EndsWith('}'))
            .Select(LogRecord.FromJsonLine)
            .ToList();
}
