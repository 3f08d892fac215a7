using Akka.Mta.Actors;
using Akka.Mta.Persistence.Actors;

namespace Akka.Mta.Persistence.Tests.Actors;

/// <summary>A persistent counter; snapshot and deletion outcomes go to <c>observer</c>.</summary>
public sealed class CounterActor : PersistentActor
{
    private int _count;
    private long? _recoveredSnapshotNr;
    private int _eventsReplayed;

    public CounterActor(IPersistenceStore store, string persistenceId, IActorRef observer) : base(store)
    {
        PersistenceId = persistenceId;

        Recover<SnapshotOffer>(offer =>
        {
            _count = ((CounterState)offer.Snapshot).Count;
            _recoveredSnapshotNr = offer.Metadata.SequenceNr;
        });
        Recover<Added>(added =>
        {
            _count += added.Amount;
            _eventsReplayed++;
        });

        Command<Add>(add => Persist(new Added(add.Amount), added =>
        {
            _count += added.Amount;
            Sender.Tell(Report(), Self);
        }));
        Command<AddEach>(add => PersistAll(add.Amounts.Select(a => new Added(a)), added =>
        {
            _count += added.Amount;
            Sender.Tell(Report(), Self);
        }));
        Command<GetCount>(_ => Sender.Tell(Report(), Self));
        Command<TakeSnapshot>(_ => SaveSnapshot(new CounterState(_count)));
        Command<DeleteEventsUpTo>(delete => DeleteMessages(delete.SequenceNr));
        Command<DeleteSnapshotsUpTo>(delete => DeleteSnapshots(delete.SequenceNr));
        Command<SaveSnapshotSuccess>(success => observer.Tell(success, Self));
        Command<SaveSnapshotFailure>(failure => observer.Tell(failure, Self));
        Command<DeleteMessagesSuccess>(success => observer.Tell(success, Self));
        Command<DeleteSnapshotsSuccess>(success => observer.Tell(success, Self));
    }

    public override string PersistenceId { get; }

    private CountIs Report() => new(_count, LastSequenceNr, _recoveredSnapshotNr, _eventsReplayed);
}
