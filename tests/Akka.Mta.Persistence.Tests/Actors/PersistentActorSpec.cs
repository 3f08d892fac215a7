using Akka.Mta.Actors;
using Akka.Mta.Actors.TestKit;
using Akka.Mta.Persistence.Actors;
using Akka.Mta.Persistence.Journal;

namespace Akka.Mta.Persistence.Tests.Actors;

/// <summary>PersistentActor on a real store of each provider, driven with TestKit probes.</summary>
public abstract class PersistentActorSpec : TestKit, IAsyncLifetime
{
    private static readonly TimeSpan Durable = TimeSpan.FromSeconds(30);
    private IPersistenceStore _store = null!;

    protected abstract Task<IPersistenceStore> OpenStoreAsync();

    protected abstract Task DeleteStorageAsync();

    public async Task InitializeAsync() => _store = await OpenStoreAsync();

    public async Task DisposeAsync()
    {
        await Sys.Terminate();
        await _store.DisposeAsync();
        await DeleteStorageAsync();
    }

    private IActorRef Counter(string persistenceId = "counter-1") =>
        ActorOf(Props.Create(() => new CounterActor(_store, persistenceId, TestActor)));

    private void Stop(IActorRef actor)
    {
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor, Durable);
        Unwatch(actor);
    }

    private static JournalEvent Event(long sequenceNr, object value)
    {
        var serialized = JsonPersistenceSerializer.Default.Serialize(value);
        return new JournalEvent(sequenceNr, DateTimeOffset.UnixEpoch, serialized.Manifest, serialized.Payload);
    }

    [Fact]
    public void Persist_RunsTheHandler_BeforeTheNextCommand()
    {
        var counter = Counter();

        Send(counter, new Add(5));
        Send(counter, new GetCount());

        ExpectMsg(new CountIs(5, 1), Durable);
        ExpectMsg(new CountIs(5, 1), Durable);
    }

    [Fact]
    public void Restart_ReplaysTheEvents_BeforeTheFirstCommand()
    {
        var counter = Counter();
        Send(counter, new Add(1));
        Send(counter, new Add(2));
        ReceiveN(2, Durable);
        Stop(counter);

        Send(Counter(), new GetCount());

        ExpectMsg(new CountIs(3, 2, null, 2), Durable);
    }

    [Fact]
    public async Task CommandsArrivingDuringRecovery_AreStashed_AndHandledAfterItInOrder()
    {
        await _store.Journal.AppendAsync("counter-1", Enumerable.Range(1, 300).Select(i => Event(i, new Added(1))).ToList());

        var counter = Counter();
        Send(counter, new Add(1));
        Send(counter, new GetCount());
        Send(counter, new Add(2));

        ExpectMsg(new CountIs(301, 301, null, 300), Durable);
        ExpectMsg(new CountIs(301, 301, null, 300), Durable);
        ExpectMsg(new CountIs(303, 302, null, 300), Durable);
    }

    [Fact]
    public async Task PersistAll_AppendsTheEventsTogether_AndRunsEachHandlerInOrder()
    {
        var counter = Counter();

        Send(counter, new AddEach([1, 2, 3]));

        ExpectMsg(new CountIs(1, 3), Durable);
        ExpectMsg(new CountIs(3, 3), Durable);
        ExpectMsg(new CountIs(6, 3), Durable);
        var stored = await _store.Journal.ReplayAsync("counter-1", 1).ToListAsync();
        Assert.Equal([1L, 2L, 3L], stored.Select(e => e.SequenceNr));
        Assert.Equal(JsonPersistenceSerializer.Manifest(typeof(Added)), stored[0].Manifest);
    }

    [Fact]
    public void SaveSnapshot_ThenRestart_RecoversFromTheSnapshotAndTheEventsAfterIt()
    {
        var counter = Counter();
        Send(counter, new Add(1));
        Send(counter, new Add(2));
        ReceiveN(2, Durable);
        Send(counter, new TakeSnapshot());
        var saved = ExpectMsg<SaveSnapshotSuccess>(Durable);
        Send(counter, new Add(3));
        ExpectMsg<CountIs>(Durable);
        Stop(counter);

        Send(Counter(), new GetCount());

        Assert.Equal(("counter-1", 2L), (saved.Metadata.PersistenceId, saved.Metadata.SequenceNr));
        ExpectMsg(new CountIs(6, 3, RecoveredSnapshotNr: 2, EventsReplayed: 1), Durable);
    }

    [Fact]
    public async Task DeleteMessages_AfterASnapshot_KeepsTheStateAndTheNumbering()
    {
        var counter = Counter();
        Send(counter, new AddEach([1, 2]));
        ReceiveN(2, Durable);
        Send(counter, new TakeSnapshot());
        ExpectMsg<SaveSnapshotSuccess>(Durable);
        Send(counter, new DeleteEventsUpTo(2));
        ExpectMsg(new DeleteMessagesSuccess(2), Durable);
        Stop(counter);

        var restarted = Counter();
        Send(restarted, new GetCount());
        ExpectMsg(new CountIs(3, 2, RecoveredSnapshotNr: 2, EventsReplayed: 0), Durable);
        Send(restarted, new Add(4));
        ExpectMsg(new CountIs(7, 3, RecoveredSnapshotNr: 2, EventsReplayed: 0), Durable);

        Assert.Equal([3L], (await _store.Journal.ReplayAsync("counter-1", 1).ToListAsync()).Select(e => e.SequenceNr));
    }

    [Fact]
    public async Task DeleteSnapshots_RemovesThem()
    {
        var counter = Counter();
        Send(counter, new Add(1));
        ExpectMsg<CountIs>(Durable);
        Send(counter, new TakeSnapshot());
        ExpectMsg<SaveSnapshotSuccess>(Durable);

        Send(counter, new DeleteSnapshotsUpTo(long.MaxValue));

        ExpectMsg(new DeleteSnapshotsSuccess(long.MaxValue), Durable);
        Assert.Null(await _store.Snapshots.LoadLatestAsync("counter-1"));
    }

    [Fact]
    public async Task PersistConflict_RestartsTheActor_WhichRecoversWhatTheJournalHolds()
    {
        var counter = Counter();
        Send(counter, new Add(1));
        ExpectMsg(new CountIs(1, 1), Durable);
        await _store.Journal.AppendAsync("counter-1", [Event(2, new Added(10))]); // another writer got there first

        Send(counter, new Add(100));
        Send(counter, new GetCount());

        // The rejected Add(100) never replies; the restarted instance has recovered both stored events.
        ExpectMsg(new CountIs(11, 2, null, 2), Durable);
        Assert.Equal(2, await _store.Journal.ReadHighestSequenceNrAsync("counter-1"));
    }

    [Fact]
    public async Task RecoveryFailure_StopsTheActor()
    {
        await _store.Journal.AppendAsync("counter-1", [new JournalEvent(1, DateTimeOffset.UnixEpoch, "No.Such.Event, Nowhere", new byte[] { 1 })]);

        var counter = Counter();
        Watch(counter);

        ExpectTerminated(counter, Durable);
    }

    [Fact]
    public void PersistenceIds_KeepSeparateJournals()
    {
        var first = Counter("counter-a");
        var second = Counter("counter-b");

        Send(first, new Add(1));
        ExpectMsg(new CountIs(1, 1), Durable);
        Send(second, new Add(5));
        ExpectMsg(new CountIs(5, 1), Durable);
    }
}
