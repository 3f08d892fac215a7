using Akka.Mta.Core;
using Akka.Mta.Persistence.Spool;

namespace Akka.Mta.Persistence;

/// <summary>The provider side of reads; every error it throws is a <see cref="PersistenceException"/> naming the store.</summary>
internal interface IStoreReader
{
    Task<SpoolMessage?> LoadMessageAsync(SpoolId id, CancellationToken cancellationToken);

    /// <summary>Every message (queue null) or one queue's, without bodies, in id order.</summary>
    IAsyncEnumerable<SpoolEntry> EnumerateMessagesAsync(string? queue, CancellationToken cancellationToken);
}
