namespace Akka.Mta.Persistence.Snapshots;

/// <summary>
/// Snapshots of a persistent actor's state, keyed by persistence id and the sequence number of the
/// last event the state includes. Saves are durable when they complete.
/// </summary>
public interface ISnapshotStore
{
    /// <summary>Saves a snapshot; saving the same sequence number again replaces it.</summary>
    Task SaveAsync(string persistenceId, Snapshot snapshot, CancellationToken cancellationToken = default);

    /// <summary>The snapshot with the highest sequence number not above <paramref name="maxSequenceNr"/>, or null.</summary>
    Task<Snapshot?> LoadLatestAsync(string persistenceId, long maxSequenceNr = long.MaxValue, CancellationToken cancellationToken = default);

    /// <summary>Deletes the snapshots whose sequence number is at most <paramref name="maxSequenceNr"/>.</summary>
    Task DeleteUpToAsync(string persistenceId, long maxSequenceNr, CancellationToken cancellationToken = default);
}
