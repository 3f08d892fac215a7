namespace Akka.Mta.LogHooks.Amqp;

/// <summary>
/// An AMQP 0-9-1 destination: each record is published to <paramref name="Exchange"/> with
/// <paramref name="RoutingKey"/> (persistent, content type application/json); the batch counts as
/// delivered once the broker confirms every record (publisher confirms) within
/// <paramref name="ConfirmTimeout"/>. <paramref name="Url"/> is <c>amqp://user:pass@host:port/vhost</c>
/// (or <c>amqps://</c>); <paramref name="ConnectTimeout"/> bounds connecting.
/// </summary>
public sealed record AmqpHookOptions(Uri Url, string Exchange, string RoutingKey, TimeSpan ConfirmTimeout, TimeSpan ConnectTimeout);
