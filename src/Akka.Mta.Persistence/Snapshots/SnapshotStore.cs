using Akka.Mta.Persistence.Journal;
using Akka.Mta.Persistence.Writing;

namespace Akka.Mta.Persistence.Snapshots;

/// <summary>Snapshots over any provider; saves ride the same group commits as the journal and spool.</summary>
internal sealed class SnapshotStore(GroupCommitWriter writer, IStoreReader reader) : ISnapshotStore
{
    public Task SaveAsync(string persistenceId, Snapshot snapshot, CancellationToken cancellationToken = default)
    {
        EventJournal.CheckId(persistenceId);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(snapshot.Manifest);
        if (snapshot.SequenceNr < 0)
        {
            throw new ArgumentException($"snapshot of \"{persistenceId}\": sequence number {snapshot.SequenceNr} is below zero", nameof(snapshot));
        }
        return writer.EnqueueAsync(new SaveSnapshotOp(persistenceId, snapshot, cancellationToken));
    }

    public Task<Snapshot?> LoadLatestAsync(string persistenceId, long maxSequenceNr = long.MaxValue, CancellationToken cancellationToken = default)
    {
        EventJournal.CheckId(persistenceId);
        return reader.LoadLatestSnapshotAsync(persistenceId, maxSequenceNr, cancellationToken);
    }

    public Task DeleteUpToAsync(string persistenceId, long maxSequenceNr, CancellationToken cancellationToken = default)
    {
        EventJournal.CheckId(persistenceId);
        return writer.EnqueueAsync(new DeleteSnapshotsOp(persistenceId, maxSequenceNr, cancellationToken));
    }
}
