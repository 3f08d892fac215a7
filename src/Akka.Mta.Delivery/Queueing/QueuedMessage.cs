namespace Akka.Mta.Delivery.Queueing;

/// <summary>
/// What the queues hold of a spooled message: everything but the body, which the connection that
/// delivers it loads from the spool. <see cref="Attempts"/> counts the delivery attempts made.
/// </summary>
public sealed record QueuedMessage(
    string Id,
    string Sender,
    string Recipient,
    string Queue,
    DateTimeOffset Created,
    int Attempts,
    DateTimeOffset Due,
    long Size,
    string MetadataJson);
