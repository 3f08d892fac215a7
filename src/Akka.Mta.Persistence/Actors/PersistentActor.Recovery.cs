using Akka.Mta.Actors;

namespace Akka.Mta.Persistence.Actors;

/// <summary>Recovery: the latest snapshot, then the events after it, through the Recover handlers.</summary>
public abstract partial class PersistentActor
{
    private bool _recoveryStarted;

    private void StartRecovery()
    {
        if (_recoveryStarted)
        {
            return; // a RecoveryStart left by an earlier incarnation
        }
        _recoveryStarted = true;
        // RunTask holds the mailbox: nothing else runs until the replay is done, and the replay's
        // continuations run as this actor, so Recover handlers touch state safely.
        RunTask(async () =>
        {
            try
            {
                await ReplayAsync();
            }
            catch (Exception cause)
            {
                OnRecoveryFailure(cause);
                return;
            }
            IsRecovering = false;
            DispatchRecovered(RecoveryCompleted.Instance);
            Stash.UnstashAll();
        });
    }

    private async Task ReplayAsync()
    {
        var snapshot = await _snapshots.LoadLatestAsync(PersistenceId);
        if (snapshot is not null)
        {
            var state = Serializer.Deserialize(snapshot.Manifest, snapshot.Payload);
            DispatchRecovered(new SnapshotOffer(new SnapshotMetadata(PersistenceId, snapshot.SequenceNr, snapshot.Timestamp), state));
            LastSequenceNr = snapshot.SequenceNr;
        }
        await foreach (var e in _journal.ReplayAsync(PersistenceId, LastSequenceNr + 1))
        {
            DispatchRecovered(Serializer.Deserialize(e.Manifest, e.Payload));
            LastSequenceNr = e.SequenceNr;
        }
        // Deleted events leave their highest number behind: new events must continue after it.
        LastSequenceNr = Math.Max(LastSequenceNr, await _journal.ReadHighestSequenceNrAsync(PersistenceId));
    }

    private void DispatchRecovered(object value)
    {
        foreach (var (type, handler) in _recoverHandlers)
        {
            if (type.IsInstanceOfType(value))
            {
                handler(value);
                return;
            }
        }
    }
}
