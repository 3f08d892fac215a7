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
    string MetadataJson)
{
    /// <summary>
    /// The owner epoch of the queue incarnation that offered the message to a path (0: not offered
    /// yet). The path's connection loads the message only while that epoch still owns the queue,
    /// so an offer from a stale incarnation is never delivered (see <see cref="ScheduledQueueActor"/>).
    /// </summary>
    public long Epoch { get; init; }
}
