using System.Text.Json;
using Akka.Mta.Core.Logging;
using Akka.Mta.Delivery.Tests.Delivery;
using Akka.Mta.Testing.RabbitMq;
using Akka.Mta.Testing.SmtpServer;
using RabbitMQ.Client;

namespace Akka.Mta.Delivery.Tests.LogHooks;

[CollectionDefinition(RabbitMqFixture.Collection)]
public sealed class RabbitMqCollection : ICollectionFixture<RabbitMqFixture>;

/// <summary>An AMQP log hook end to end: records published to a real RabbitMQ broker, held while it is down.</summary>
[Collection(RabbitMqFixture.Collection)]
public sealed class AmqpLogHookTests(RabbitMqFixture rabbit)
{
    private const string Queue = "bus.log_hook";

    [Fact]
    public async Task Records_ArePublishedToTheExchange_AndWaitWhileTheBrokerIsDown_EachOnce()
    {
        var server = rabbit.Server;
        var exchange = "mta-" + Guid.NewGuid().ToString("N")[..8];
        await using (var setup = await server.ConnectAsync())
        await using (var channel = await setup.CreateChannelAsync())
        {
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Direct, durable: true, autoDelete: false);
            await channel.QueueDeclareAsync(exchange + ".q", durable: true, exclusive: false, autoDelete: false);
            await channel.QueueBindAsync(exchange + ".q", exchange, "records");
        }
        await using var mta = await DeliveryHarness.StartAsync(queueOptions: "retry_interval = '1s', max_retry_interval = '2s',", policyExtra: $$"""
            mta.configure_log_hook {
              name = 'bus', per_record = { Delivery = true }, batch_size = 10, max_batch_latency = 0.2,
              amqp = { url = '{{server.Url()}}', exchange = '{{exchange}}', routing_key = 'records', confirm_timeout = '5s', connect_timeout = '5s' },
            }
            """);

        await mta.SubmitAsync("one@example.com", "two@example.com");
        var first = await TakeAsync(server, exchange, 2);
        await server.StopAsync();
        try
        {
            await mta.SubmitAsync("three@example.com", "four@example.com");
            await Eventually.HoldsAsync(() => mta.OfType(LogRecordType.TransientFailure).Any(r => r.Queue == Queue),
                "a transient failure of the AMQP hook's queue while the broker is down", TimeSpan.FromSeconds(60));
            Assert.Equal(2, await mta.SpoolCountAsync(Queue));
        }
        finally
        {
            await server.StartAgainAsync();
        }
        var second = await TakeAsync(server, exchange, 2);
        await Eventually.ValueAsync(async () => await mta.SpoolCountAsync(Queue) == 0 ? "empty" : null, $"no {Queue} message left in the spool", TimeSpan.FromSeconds(90));

        var recipients = first.Concat(second).Select(r => r.GetProperty("recipient").GetString()).Order().ToList();
        Assert.Equal(["four@example.com", "one@example.com", "three@example.com", "two@example.com"], recipients);
        Assert.Empty(await TakeAsync(server, exchange, 0));
    }

    /// <summary>Waits until <paramref name="count"/> records are in the bound queue and takes them (0: whatever is there now).</summary>
    private static async Task<List<JsonElement>> TakeAsync(RabbitMqServer server, string exchange, int count)
    {
        var taken = new List<JsonElement>();
        await using var connection = await server.ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        do
        {
            while (await channel.BasicGetAsync(exchange + ".q", autoAck: true) is { } message)
            {
                taken.Add(JsonDocument.Parse(message.Body).RootElement.Clone());
            }
            if (taken.Count >= count)
            {
                return taken;
            }
            await Task.Delay(50);
        }
        while (DateTime.UtcNow < until);
        Assert.Fail($"timed out waiting for {count} records in {exchange}.q (have {taken.Count})");
        return taken;
    }
}
