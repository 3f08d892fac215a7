using Akka.Mta.Testing.RabbitMq;
using RabbitMQ.Client;

namespace Akka.Mta.LogHooks.Tests.Amqp;

/// <summary>
/// The consuming side of a test: a durable direct exchange and a durable queue bound to it with the
/// routing key, read with basic.get. A publisher confirm means the broker has already enqueued the
/// message, so after a Delivered batch everything is there to take: nothing to wait for.
/// </summary>
internal sealed class BoundQueue : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;

    private BoundQueue(IConnection connection, IChannel channel, string queue)
    {
        _connection = connection;
        _channel = channel;
        Queue = queue;
    }

    public string Queue { get; }

    /// <summary>Declares <paramref name="exchange"/> (and, unless <paramref name="bind"/> is false, a queue bound to it); both survive a broker restart.</summary>
    public static async Task<BoundQueue> CreateAsync(RabbitMqServer server, string exchange, string routingKey, bool bind = true)
    {
        var connection = await server.ConnectAsync();
        var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Direct, durable: true, autoDelete: false);
        var queue = exchange + ".q";
        if (bind)
        {
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
            await channel.QueueBindAsync(queue, exchange, routingKey);
        }
        return new BoundQueue(connection, channel, queue);
    }

    /// <summary>A new connection to a queue declared before (e.g. after a broker restart).</summary>
    public static async Task<BoundQueue> OpenAsync(RabbitMqServer server, string exchange)
    {
        var connection = await server.ConnectAsync();
        var channel = await connection.CreateChannelAsync();
        return new BoundQueue(connection, channel, exchange + ".q");
    }

    /// <summary>Every message in the queue, in queue order, acknowledged.</summary>
    public async Task<List<TakenMessage>> TakeAllAsync()
    {
        var taken = new List<TakenMessage>();
        while (await _channel.BasicGetAsync(Queue, autoAck: true) is { } message)
        {
            taken.Add(new TakenMessage(message.Body.ToArray(), message.BasicProperties.DeliveryMode, message.BasicProperties.ContentType, message.Redelivered));
        }
        return taken;
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}

/// <summary>A message as the consumer got it (the body copied out of the client's buffer).</summary>
internal sealed record TakenMessage(byte[] Body, DeliveryModes DeliveryMode, string? ContentType, bool Redelivered);
