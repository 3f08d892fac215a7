using Akka.Mta.Core;
using Akka.Mta.Persistence.Spool;

namespace Akka.Mta.Persistence;

/// <summary>The provider side of reads; every error it throws is a <see cref="PersistenceException"/> naming the store.</summary>
internal interface IStoreReader
{
    Task<SpoolMessage?> LoadMessageAsync(SpoolId id, CancellationToken cancellationToken);

    /// <summary>Every message (queue null) or one queue's, without bodies, in id order.</summary>
    IAsyncEnumerable<SpoolEntry> EnumerateMessagesAsync(string? queue, CancellationToken cancellationToken);

    /// <summary>A message and whether the fence holds for it.</summary>
    Task<OwnedLoad> LoadOwnedAsync(SpoolId id, SpoolFence fence, CancellationToken cancellationToken);

    /// <summary>Raises the queue's owner epoch in a transaction of its own (committed, durable) and returns it.</summary>
    Task<long> ClaimQueueAsync(string queue, CancellationToken cancellationToken);

    IAsyncEnumerable<string> EnumerateQueueNamesAsync(CancellationToken cancellationToken);
}
