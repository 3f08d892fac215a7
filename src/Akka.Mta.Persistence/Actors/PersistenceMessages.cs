namespace Akka.Mta.Persistence.Actors;

/// <summary>Identifies a snapshot: whose, as of which event, and when it was taken.</summary>
public sealed record SnapshotMetadata(string PersistenceId, long SequenceNr, DateTimeOffset Timestamp);

/// <summary>Given to the Recover handlers first when recovery starts from a snapshot.</summary>
public sealed record SnapshotOffer(SnapshotMetadata Metadata, object Snapshot);

/// <summary>Given to the Recover handlers last, once the snapshot and every event have been replayed.</summary>
public sealed class RecoveryCompleted
{
    public static readonly RecoveryCompleted Instance = new();

    private RecoveryCompleted()
    {
    }

    public override string ToString() => "RecoveryCompleted";
}

/// <summary>Sent to the actor when a <c>SaveSnapshot</c> is durable.</summary>
public sealed record SaveSnapshotSuccess(SnapshotMetadata Metadata);

/// <summary>Sent to the actor when a <c>SaveSnapshot</c> failed.</summary>
public sealed record SaveSnapshotFailure(SnapshotMetadata Metadata, Exception Cause);

/// <summary>Sent to the actor when <c>DeleteMessages</c> is durable.</summary>
public sealed record DeleteMessagesSuccess(long ToSequenceNr);

/// <summary>Sent to the actor when <c>DeleteMessages</c> failed.</summary>
public sealed record DeleteMessagesFailure(Exception Cause, long ToSequenceNr);

/// <summary>Sent to the actor when <c>DeleteSnapshots</c> is durable.</summary>
public sealed record DeleteSnapshotsSuccess(long MaxSequenceNr);

/// <summary>Sent to the actor when <c>DeleteSnapshots</c> failed.</summary>
public sealed record DeleteSnapshotsFailure(Exception Cause, long MaxSequenceNr);

/// <summary>Starts an incarnation's recovery; the actor tells it to itself in PreStart.</summary>
internal sealed record RecoveryStart;
