using Akka.Mta.Core.Logging;
using Akka.Mta.Testing.SmtpServer;

namespace Akka.Mta.IntegrationTests;

/// <summary>
/// Retries, bounces, expiry and the connection rules as the receiving `akka-mta sink` sees them,
/// with `akka-mta serve` as a separate process.
/// </summary>
public sealed class ShapingAtTheSinkTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Tempfail_IsRetried_ThenDelivered_PermfailBounces_AndAHopelessMessageExpires()
    {
        await using var sink = await SinkProcess.StartAsync();
        using var scenario = new Scenario(sink, queueOptions: "retry_interval = '1s', max_retry_interval = '1s', max_age = '6s'");
        await using var node = await scenario.StartNodeAsync();

        await EndToEndTests.SendAsync(node, 1, "tempfail-2+a");
        await EndToEndTests.SendAsync(node, 1, "permfail+b");
        await EndToEndTests.SendAsync(node, 1, "tempfail+c");

        await Eventually.HoldsAsync(() => scenario.Count(LogRecordType.Expiration) == 1, "the always-failing message to expire", Deadline);
        var records = scenario.Records();
        var delivered = records.Single(r => r.Type == LogRecordType.Delivery);
        Assert.Equal("tempfail-2+a-0@example.com", delivered.Recipient);
        Assert.Equal(3, delivered.NumAttempts);
        var bounce = records.Single(r => r.Type == LogRecordType.Bounce);
        Assert.Equal(("permfail+b-0@example.com", 550, "InvalidRecipient"), (bounce.Recipient, bounce.Response.Code, bounce.BounceClassification));
        Assert.Equal("tempfail+c-0@example.com", records.Single(r => r.Type == LogRecordType.Expiration).Recipient);
        Assert.Equal(1, await sink.MessagesAsync());
    }

    [Fact]
    public async Task ConnectionLimit_AndDeliveriesPerConnection_HoldAtTheSink()
    {
        await using var sink = await SinkProcess.StartAsync();
        using var scenario = new Scenario(sink, pathOptions: "connection_limit = 2, max_deliveries_per_connection = 10");
        await using var node = await scenario.StartNodeAsync();

        await EndToEndTests.SendAsync(node, 100, "slow-10+m");

        await Eventually.HoldsAsync(() => scenario.Count(LogRecordType.Delivery) == 100, "100 deliveries", Deadline);
        var stats = await sink.StatsAsync();
        Assert.InRange((long)stats["peak_concurrent_connections"]!, 1, 2);
        Assert.InRange((long)stats["connections"]!, 10, 100);
        var perSession = scenario.Records().Where(r => r.Type == LogRecordType.Delivery).GroupBy(r => r.SessionId).Select(g => g.Count()).ToList();
        Assert.All(perSession, n => Assert.InRange(n, 1, 10));
        Assert.Equal(100, perSession.Sum());
    }
}
