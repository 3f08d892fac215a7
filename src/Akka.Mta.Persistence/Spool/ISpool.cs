using Akka.Mta.Core;

namespace Akka.Mta.Persistence.Spool;

/// <summary>
/// The durable message spool. Every write completes only once it is durable (fsync / commit);
/// concurrent writes are group-committed, so many callers share one transaction. Reads see every
/// write whose task has completed.
/// </summary>
public interface ISpool
{
    /// <summary>
    /// Stores a new message. Completes when the message is durable. Throws
    /// <see cref="SpoolIdConflictException"/> when the id is already spooled (the stored message is kept),
    /// <see cref="ArgumentException"/> for invalid input (metadata that is not JSON, a body over the limit)
    /// and <see cref="PersistenceException"/> when the store cannot write.
    /// </summary>
    Task StoreAsync(SpoolMessage message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces a message's schedule (queue, due time, attempts) and, when given, its metadata JSON.
    /// Returns false when no message has that id.
    /// </summary>
    Task<bool> UpdateAsync(SpoolId id, SpoolSchedule schedule, string? metadataJson = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes a message; returns false when no message had that id.</summary>
    Task<bool> DeleteAsync(SpoolId id, CancellationToken cancellationToken = default);

    /// <summary>Loads a whole message with its body, or null when no message has that id.</summary>
    Task<SpoolMessage?> LoadAsync(SpoolId id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims <paramref name="queue"/> for a new owner incarnation: raises and returns its epoch
    /// (1 the first time). Durable when it returns. Every fenced operation under an older epoch is
    /// refused from then on.
    /// </summary>
    Task<long> ClaimQueueAsync(string queue, CancellationToken cancellationToken = default);

    /// <summary>Like <see cref="UpdateAsync"/>, but only while <paramref name="fence"/> holds; false when it does not or the message is gone.</summary>
    Task<bool> UpdateOwnedAsync(SpoolId id, SpoolSchedule schedule, string? metadataJson, SpoolFence fence, CancellationToken cancellationToken = default);

    /// <summary>Like <see cref="DeleteAsync"/>, but only while <paramref name="fence"/> holds; false when it does not or the message is gone.</summary>
    Task<bool> DeleteOwnedAsync(SpoolId id, SpoolFence fence, CancellationToken cancellationToken = default);

    /// <summary>Loads a whole message and tells whether <paramref name="fence"/> still holds for it (a delivery checks this just before it sends).</summary>
    Task<OwnedLoad> LoadOwnedAsync(SpoolId id, SpoolFence fence, CancellationToken cancellationToken = default);

    /// <summary>Streams the distinct queue names that have spooled messages (an index scan, no message is read).</summary>
    IAsyncEnumerable<string> EnumerateQueueNamesAsync(CancellationToken cancellationToken = default);

    /// <summary>Streams every spooled message without its body, in id (creation) order (tools and tests; queues load their own with <see cref="EnumerateQueueAsync"/>).</summary>
    IAsyncEnumerable<SpoolEntry> EnumerateAllAsync(CancellationToken cancellationToken = default);

    /// <summary>Streams the messages of one queue without their bodies, in id order: queue takeover.</summary>
    IAsyncEnumerable<SpoolEntry> EnumerateQueueAsync(string queue, CancellationToken cancellationToken = default);
}
