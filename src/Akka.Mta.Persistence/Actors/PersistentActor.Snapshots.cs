using Akka.Mta.Actors;
using Akka.Mta.Persistence.Snapshots;

namespace Akka.Mta.Persistence.Actors;

/// <summary>
/// Snapshots and deletion. These do not hold the mailbox: the outcome arrives later as a message
/// (<see cref="SaveSnapshotSuccess"/>, <see cref="DeleteMessagesSuccess"/>... or their failures).
/// </summary>
public abstract partial class PersistentActor
{
    /// <summary>Saves <paramref name="snapshot"/> as the state as of <see cref="LastSequenceNr"/>.</summary>
    protected void SaveSnapshot(object snapshot)
    {
        var serialized = Serializer.Serialize(snapshot);
        var metadata = new SnapshotMetadata(PersistenceId, LastSequenceNr, _time.GetUtcNow());
        Reply(
            _snapshots.SaveAsync(PersistenceId, new Snapshot(metadata.SequenceNr, metadata.Timestamp, serialized.Manifest, serialized.Payload)),
            () => new SaveSnapshotSuccess(metadata),
            cause => new SaveSnapshotFailure(metadata, cause));
    }

    /// <summary>Deletes this actor's events up to <paramref name="toSequenceNr"/>; the sequence numbering continues.</summary>
    protected void DeleteMessages(long toSequenceNr) =>
        Reply(
            _journal.DeleteUpToAsync(PersistenceId, toSequenceNr),
            () => new DeleteMessagesSuccess(toSequenceNr),
            cause => new DeleteMessagesFailure(cause, toSequenceNr));

    /// <summary>Deletes this actor's snapshots taken at or before <paramref name="maxSequenceNr"/>.</summary>
    protected void DeleteSnapshots(long maxSequenceNr) =>
        Reply(
            _snapshots.DeleteUpToAsync(PersistenceId, maxSequenceNr),
            () => new DeleteSnapshotsSuccess(maxSequenceNr),
            cause => new DeleteSnapshotsFailure(cause, maxSequenceNr));

    private void Reply(Task operation, Func<object> success, Func<Exception, object> failure)
    {
        var self = Self;
        operation.ContinueWith(
            done => self.Tell(done.IsCompletedSuccessfully ? success() : failure(done.Exception?.GetBaseException() ?? new TaskCanceledException()), self),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
