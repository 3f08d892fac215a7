using System.Diagnostics;
using System.Text;
using Akka.Mta.LogHooks.Amqp;
using Akka.Mta.Testing.RabbitMq;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using Xunit.Abstractions;

namespace Akka.Mta.LogHooks.Tests.Amqp;

/// <summary>The AMQP transport against a real RabbitMQ broker (the fixture's private instance on 127.0.0.1).</summary>
[Collection(RabbitMqFixture.Collection)]
public sealed class AmqpTransportTests(RabbitMqFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan ConfirmTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>What SendAsync may take at most: both timeouts plus closing what broke, and a margin for a loaded machine.</summary>
    private static readonly TimeSpan SendBound = ConnectTimeout + ConfirmTimeout + TimeSpan.FromSeconds(10);

    private RabbitMqServer Server => fixture.Server;

    [Fact]
    public async Task Batch_ArrivesWhole_InOrder_ByteEqual_Persistent_OverOneConnection()
    {
        var exchange = NewName("whole");
        await using var queue = await BoundQueue.CreateAsync(Server, exchange, "logs");
        var loggers = new CollectingLoggerFactory();
        await using var transport = Transport(Server.Url(), exchange, "logs", loggers);

        var first = Records(100, "first");
        var second = Records(3, "second");
        var firstResult = await transport.SendAsync(first, CancellationToken.None);
        var secondResult = await transport.SendAsync(second, CancellationToken.None);

        Assert.Equal(LogHookOutcome.Delivered, firstResult.Outcome);
        Assert.Equal(LogHookOutcome.Delivered, secondResult.Outcome);
        var taken = await queue.TakeAllAsync();
        Assert.Equal(first.Concat(second).Select(r => Encoding.UTF8.GetString(r.Span)), taken.Select(m => Encoding.UTF8.GetString(m.Body)));
        Assert.All(first.Concat(second).Zip(taken), pair => Assert.Equal(pair.First.ToArray(), pair.Second.Body));
        Assert.All(taken, m => Assert.Equal(DeliveryModes.Persistent, m.DeliveryMode));
        Assert.All(taken, m => Assert.Equal("application/json", m.ContentType));
        Assert.Equal(1, transport.ConnectionsOpened);
    }

    [Fact]
    public async Task BrokerRestart_SendRetriesWithinTimeouts_ThenDeliversOverNewConnection_NothingTwice()
    {
        var exchange = NewName("restart");
        await using (var declared = await BoundQueue.CreateAsync(Server, exchange, "logs"))
        {
        }
        var loggers = new CollectingLoggerFactory();
        await using var transport = Transport(Server.Url(), exchange, "logs", loggers);
        var before = Records(5, "before");
        var during = Records(5, "during");
        Assert.Equal(LogHookOutcome.Delivered, (await transport.SendAsync(before, CancellationToken.None)).Outcome);

        LogHookResult whileDown;
        var clock = Stopwatch.StartNew();
        try
        {
            await Server.StopAsync();
            clock.Restart();
            whileDown = await transport.SendAsync(during, CancellationToken.None);
            clock.Stop();
        }
        finally
        {
            await Server.StartAgainAsync();
        }
        Assert.Equal(LogHookOutcome.Retry, whileDown.Outcome);
        Assert.True(clock.Elapsed < SendBound, $"SendAsync with the broker down took {clock.Elapsed}, more than {SendBound}");
        Assert.Contains("connection refused", whileDown.Detail);

        var afterRestart = await transport.SendAsync(during, CancellationToken.None);

        Assert.Equal(LogHookOutcome.Delivered, afterRestart.Outcome);
        Assert.Equal(2, transport.ConnectionsOpened);
        await using var queue = await BoundQueue.OpenAsync(Server, exchange);
        var taken = await queue.TakeAllAsync();
        Assert.Equal(before.Concat(during).Select(r => Encoding.UTF8.GetString(r.Span)), taken.Select(m => Encoding.UTF8.GetString(m.Body)));
    }

    [Fact]
    public async Task BrokerBlockingPublishers_RetryAfterConfirmTimeout_ThenDeliversOverNewConnection()
    {
        var exchange = NewName("blocked");
        await using var queue = await BoundQueue.CreateAsync(Server, exchange, "logs");
        var confirmTimeout = TimeSpan.FromSeconds(3);
        await using var transport = Transport(Server.Url(), exchange, "logs", new CollectingLoggerFactory(), confirmTimeout: confirmTimeout);
        var first = Records(2, "first");
        var blocked = Records(3, "blocked");
        Assert.Equal(LogHookOutcome.Delivered, (await transport.SendAsync(first, CancellationToken.None)).Outcome);

        LogHookResult whileBlocked;
        var clock = Stopwatch.StartNew();
        try
        {
            // A memory alarm: the broker stops reading from publishing connections, so no confirm comes.
            await Server.RabbitMqCtlAsync("set_vm_memory_high_watermark", "0");
            clock.Restart();
            whileBlocked = await transport.SendAsync(blocked, CancellationToken.None);
            clock.Stop();
        }
        finally
        {
            await Server.RabbitMqCtlAsync("set_vm_memory_high_watermark", "0.8");
        }

        Assert.Equal(LogHookOutcome.Retry, whileBlocked.Outcome);
        Assert.Equal($"no publisher confirm for 3 of 3 records within {confirmTimeout}", whileBlocked.Detail);
        Assert.True(clock.Elapsed >= confirmTimeout - TimeSpan.FromMilliseconds(100), $"gave up after {clock.Elapsed}, before the confirm timeout");
        Assert.True(clock.Elapsed < confirmTimeout + TimeSpan.FromSeconds(10), $"a blocked broker held SendAsync for {clock.Elapsed}");

        Assert.Equal(LogHookOutcome.Delivered, (await transport.SendAsync(blocked, CancellationToken.None)).Outcome);
        Assert.Equal(2, transport.ConnectionsOpened); // the timed-out connection was given up
        var taken = (await queue.TakeAllAsync()).Select(m => Encoding.UTF8.GetString(m.Body)).ToList();
        // The aborted connection's records may or may not have been enqueued (at-least-once); the batch
        // before is there once, and the retried batch arrived whole at the end.
        Assert.Equal(first.Select(r => Encoding.UTF8.GetString(r.Span)), taken.Take(2));
        Assert.Equal(blocked.Select(r => Encoding.UTF8.GetString(r.Span)), taken.TakeLast(3));
    }

    [Fact]
    public async Task WrongPassword_Retry_NamesTheRefusal_AndLogsTheHook()
    {
        var exchange = NewName("login");
        await using var queue = await BoundQueue.CreateAsync(Server, exchange, "logs");
        var loggers = new CollectingLoggerFactory();
        await using var transport = Transport(Server.Url(password: "not-the-password"), exchange, "logs", loggers, hookName: "audit-hook");

        var result = await transport.SendAsync(Records(2, "login"), CancellationToken.None);

        Assert.Equal(LogHookOutcome.Retry, result.Outcome);
        Assert.Contains("ACCESS_REFUSED - Login was refused", result.Detail);
        var warning = Assert.Single(loggers.Lines(LogLevel.Warning));
        Assert.Contains("audit-hook", warning);
        Assert.Contains("ACCESS_REFUSED", warning);
        Assert.DoesNotContain("not-the-password", warning);
        Assert.DoesNotContain("not-the-password", transport.Description);
        Assert.Empty(await queue.TakeAllAsync());
    }

    [Fact]
    public async Task MissingExchange_Retry_NamesNotFound_ThenDeliversOnceDeclared_OnTheSameConnection()
    {
        var exchange = NewName("missing");
        var loggers = new CollectingLoggerFactory();
        await using var transport = Transport(Server.Url(), exchange, "logs", loggers);
        var records = Records(4, "missing");

        var missing = await transport.SendAsync(records, CancellationToken.None);

        Assert.Equal(LogHookOutcome.Retry, missing.Outcome);
        Assert.Contains($"NOT_FOUND - no exchange '{exchange}' in vhost '/'", missing.Detail);

        await using var queue = await BoundQueue.CreateAsync(Server, exchange, "logs");
        var declared = await transport.SendAsync(records, CancellationToken.None);

        Assert.Equal(LogHookOutcome.Delivered, declared.Outcome);
        Assert.Equal(1, transport.ConnectionsOpened); // the broker closed only the channel
        Assert.Equal(records.Select(r => r.ToArray()), (await queue.TakeAllAsync()).Select(m => m.Body));
    }

    [Fact]
    public async Task Unroutable_IsRetry_NamingTheExchangeAndRoutingKey_ThenDeliversOnceBound()
    {
        var exchange = NewName("noroute");
        await using (var unbound = await BoundQueue.CreateAsync(Server, exchange, "logs", bind: false))
        {
        }
        var loggers = new CollectingLoggerFactory();
        await using var transport = Transport(Server.Url(), exchange, "logs", loggers);
        var records = Records(3, "noroute");

        var unroutable = await transport.SendAsync(records, CancellationToken.None);

        Assert.Equal(LogHookOutcome.Retry, unroutable.Outcome);
        Assert.Contains("NO_ROUTE", unroutable.Detail);
        Assert.Contains($"'{exchange}'", unroutable.Detail);
        Assert.Contains("3 of 3", unroutable.Detail);

        await using var queue = await BoundQueue.CreateAsync(Server, exchange, "logs");
        Assert.Equal(LogHookOutcome.Delivered, (await transport.SendAsync(records, CancellationToken.None)).Outcome);
        Assert.Equal(records.Select(r => r.ToArray()), (await queue.TakeAllAsync()).Select(m => m.Body));
    }

    [Fact]
    public async Task Throughput_OfHundredRecordBatches_IsReported()
    {
        var exchange = NewName("rate");
        await using var queue = await BoundQueue.CreateAsync(Server, exchange, "logs");
        await using var transport = Transport(Server.Url(), exchange, "logs", new CollectingLoggerFactory());
        var batch = Records(100, "rate", padTo: 600);
        Assert.Equal(LogHookOutcome.Delivered, (await transport.SendAsync(batch, CancellationToken.None)).Outcome); // connect outside the clock

        const int batches = 20;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < batches; i++)
        {
            var result = await transport.SendAsync(batch, CancellationToken.None);
            Assert.True(result.Outcome == LogHookOutcome.Delivered, result.Detail);
        }
        clock.Stop();

        var perSecond = batches * batch.Count / clock.Elapsed.TotalSeconds;
        output.WriteLine($"AMQP log hook: {batches} batches of {batch.Count} records of ~600 bytes, persistent, confirmed: " +
            $"{clock.Elapsed.TotalMilliseconds / batches:0.0} ms per batch, {perSecond:0} records/s");
        Assert.Equal((batches + 1) * batch.Count, (await queue.TakeAllAsync()).Count);
    }

    [Fact]
    public async Task CancelledToken_Throws_AndTheTransportStaysUsable()
    {
        var exchange = NewName("cancel");
        await using var queue = await BoundQueue.CreateAsync(Server, exchange, "logs");
        await using var transport = Transport(Server.Url(), exchange, "logs", new CollectingLoggerFactory());
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transport.SendAsync(Records(2, "cancel"), cancelled.Token));

        Assert.Equal(LogHookOutcome.Delivered, (await transport.SendAsync(Records(1, "after"), CancellationToken.None)).Outcome);
        Assert.Single(await queue.TakeAllAsync());
    }

    [Fact]
    public async Task CancelledWhileAwaitingConfirms_Throws_Promptly_AndTheNextBatchDelivers()
    {
        var exchange = NewName("cancelmid");
        await using var queue = await BoundQueue.CreateAsync(Server, exchange, "logs");
        var confirmTimeout = TimeSpan.FromSeconds(60);
        await using var transport = Transport(Server.Url(), exchange, "logs", new CollectingLoggerFactory(), confirmTimeout: confirmTimeout);
        Assert.Equal(LogHookOutcome.Delivered, (await transport.SendAsync(Records(1, "before"), CancellationToken.None)).Outcome);

        var clock = Stopwatch.StartNew();
        try
        {
            await Server.RabbitMqCtlAsync("set_vm_memory_high_watermark", "0"); // no confirm will come
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            clock.Restart();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transport.SendAsync(Records(2, "cancelled"), cancel.Token));
            clock.Stop();
        }
        finally
        {
            await Server.RabbitMqCtlAsync("set_vm_memory_high_watermark", "0.8");
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"cancelling took {clock.Elapsed}; the confirm timeout is {confirmTimeout}");
        var after = Records(2, "after");
        Assert.Equal(LogHookOutcome.Delivered, (await transport.SendAsync(after, CancellationToken.None)).Outcome);
        var taken = (await queue.TakeAllAsync()).Select(m => Encoding.UTF8.GetString(m.Body)).ToList();
        Assert.Equal(after.Select(r => Encoding.UTF8.GetString(r.Span)), taken.TakeLast(2));
    }

    internal static AmqpTransport Transport(Uri url, string exchange, string routingKey, ILoggerFactory loggers, string hookName = "test-hook",
        TimeSpan? confirmTimeout = null, TimeSpan? connectTimeout = null) =>
        new(hookName, new AmqpHookOptions(url, exchange, routingKey, confirmTimeout ?? ConfirmTimeout, connectTimeout ?? ConnectTimeout),
            loggers, TimeProvider.System);

    /// <summary>Log-record-like JSON documents, each distinct, with non-ASCII text so byte equality means something.</summary>
    internal static List<ReadOnlyMemory<byte>> Records(int count, string tag, int padTo = 0) =>
        Enumerable.Range(0, count)
            .Select(i => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(
                $"{{\"type\":\"Delivery\",\"id\":\"{tag}-{i:D4}\",\"recipient\":\"r{i}@exämple.test\",\"pad\":\"{new string('x', Math.Max(0, padTo - 90))}\"}}"))
            .ToList();

    private static string NewName(string purpose) => $"akkamta.test.{purpose}.{Guid.NewGuid():N}"[..40];
}
