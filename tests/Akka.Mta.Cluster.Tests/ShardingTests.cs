namespace Akka.Mta.Cluster.Tests;

public sealed class ShardingTests : TestKit
{
    private readonly TestProbe _events;

    public ShardingTests()
    {
        MessageSerialization.Get(Sys).Register(TestMessagesJsonContext.Default);
        _events = CreateTestProbe("events");
    }

    private IActorRef StartRegion(TimeSpan? idle = null) =>
        ClusterSharding.Get(Sys).Start(
            "account",
            id => Props.Create(() => new AccountEntity(id, _events.Ref)),
            AccountSharding.Extractor,
            new ClusterShardingSettings { PassivateIdleEntityAfter = idle, SerializeMessages = true });

    [Fact]
    public void AnEntity_StartsOnItsFirstMessage_AndRepliesToTheOriginalSender()
    {
        var region = StartRegion();
        region.Tell(new Deposit("acc-1", 10), TestActor);
        var started = _events.ExpectMsg<string>();
        Assert.StartsWith("acc-1 started at /system/sharding-account/", started);
        _events.ExpectMsg("acc-1 deposit 10");
        region.Tell(new GetBalance("acc-1"), TestActor);
        ExpectMsg(new Balance("acc-1", 10));
        region.Tell(new Deposit("acc-2", 1), TestActor);
        Assert.StartsWith("acc-2 started", _events.ExpectMsg<string>());
    }

    [Fact]
    public void EntityIds_WithPathCharacters_AreEscapedIntoActorNames()
    {
        var region = StartRegion();
        region.Tell(new Deposit("tenant/a b$", 1), TestActor);
        Assert.EndsWith("/tenant%2Fa%20b%24", _events.ExpectMsg<string>());
    }

    [Fact]
    public void Passivate_StopsTheEntity_AndMessagesSentMeanwhileStartItAgain_InOrder()
    {
        var region = StartRegion();
        region.Tell(new Deposit("acc", 1), TestActor);
        _events.ReceiveN(2);
        region.Tell(new PassivateNow("acc"), TestActor);
        _events.ExpectMsg("acc passivating");
        _events.ExpectMsg("acc stopping");
        // The shard marked the entity passivating before it sent StopAccount: these are buffered.
        region.Tell(new Deposit("acc", 2), TestActor);
        region.Tell(new Deposit("acc", 3), TestActor);
        region.Tell(new GetBalance("acc"), TestActor);
        _events.ExpectMsg("acc stopped");
        Assert.StartsWith("acc started", _events.ExpectMsg<string>());
        _events.ExpectMsg("acc deposit 2");
        _events.ExpectMsg("acc deposit 3");
        ExpectMsg(new Balance("acc", 5));
    }

    [Fact]
    public void AnIdleEntity_IsPassivated_AndReactivatedByTheNextMessage()
    {
        var region = StartRegion(idle: TimeSpan.FromMinutes(1));
        region.Tell(new Deposit("idle", 7), TestActor);
        region.Tell(new GetBalance("idle"), TestActor);
        ExpectMsg(new Balance("idle", 7));
        _events.ReceiveN(2);
        Clock.Advance(TimeSpan.FromSeconds(59));
        _events.ExpectNoMsg();
        Clock.Advance(TimeSpan.FromSeconds(1));
        _events.ExpectMsg("idle stopped");
        region.Tell(new GetBalance("idle"), TestActor);
        Assert.StartsWith("idle started", _events.ExpectMsg<string>());
        ExpectMsg(new Balance("idle", 0));
    }

    [Fact]
    public void AFailingEntity_IsRestarted_AndKeepsReceivingMessages()
    {
        var region = StartRegion();
        region.Tell(new Deposit("fragile", 5), TestActor);
        _events.ReceiveN(2);
        region.Tell(new Crash("fragile"), TestActor);
        region.Tell(new Deposit("fragile", 1), TestActor);
        _events.ExpectMsg("fragile stopped");
        Assert.StartsWith("fragile started", _events.ExpectMsg<string>());
        _events.ExpectMsg("fragile deposit 1");
        region.Tell(new GetBalance("fragile"), TestActor);
        ExpectMsg(new Balance("fragile", 1));
    }

    [Fact]
    public void AnUnregisteredMessageType_IsRejectedAtTell_WithItsName()
    {
        var region = StartRegion();
        var error = Assert.Throws<MessageNotSerializableException>(() => region.Tell(new Unregistered("x"), TestActor));
        Assert.Contains(typeof(Unregistered).FullName!, error.Message);
        Assert.Contains("account", error.Message);
        var inEnvelope = Assert.Throws<MessageNotSerializableException>(() => region.Tell(new ShardingEnvelope("x", new Unregistered("x")), TestActor));
        Assert.Contains(nameof(Unregistered), inEnvelope.Message);
        _events.ExpectNoMsg();
    }

    [Fact]
    public void ShardingEnvelope_DeliversItsContentToTheNamedEntity()
    {
        var region = StartRegion();
        region.Tell(new ShardingEnvelope("by-envelope", new GetBalance("ignored")), TestActor);
        ExpectMsg(new Balance("by-envelope", 0));
    }

    [Fact]
    public void StartEntity_StartsWithoutAMessage_AndTheRegionStateListsIt()
    {
        var region = StartRegion();
        region.Tell(new StartEntity("e1"), TestActor);
        var ack = ExpectMsg<StartEntityAck>();
        Assert.Equal("e1", ack.EntityId);
        Assert.Equal(AccountSharding.Extractor.ShardId("e1"), ack.ShardId);
        Assert.StartsWith("e1 started", _events.ExpectMsg<string>());
        region.Tell(new GetShardRegionState(), TestActor);
        var state = ExpectMsg<CurrentShardRegionState>();
        Assert.Equal(["e1"], state.Shards.SelectMany(s => s.EntityIds));
    }

    [Fact]
    public void StartingTheSameTypeTwice_ReturnsTheSameRegion()
    {
        var first = StartRegion();
        Assert.Same(first, StartRegion());
        Assert.Same(first, ClusterSharding.Get(Sys).ShardRegion("account"));
    }

    [Fact]
    public void ShardIds_AreAStableHashOfTheEntityId()
    {
        Assert.Equal(440920331u, HashCodeMessageExtractor.StableHash("abc"));
        Assert.Equal("31", new MessageExtractor(100, _ => null).ShardId("abc"));
    }

    [Fact]
    public void AMessageWithoutEntityId_GoesToDeadLetters()
    {
        Sys.EventStream.Subscribe<DeadLetter>(TestActor);
        var region = ClusterSharding.Get(Sys).Start("envelopes-only", Props.Create(() => new AccountEntity("x", _events.Ref)), MessageExtractor.ForEnvelopes(4));
        region.Tell(new Deposit("a", 1), TestActor);
        Assert.IsType<Deposit>(ExpectMsg<DeadLetter>().Message);
    }

    [Fact]
    public void AnEntityPropsFactoryThatThrows_DeadLettersTheMessage_AndOtherEntitiesStillWork()
    {
        Sys.EventStream.Subscribe<DeadLetter>(TestActor);
        var region = ClusterSharding.Get(Sys).Start(
            "picky",
            id => id == "bad" ? throw new ArgumentException("no such account") : Props.Create(() => new AccountEntity(id, _events.Ref)),
            AccountSharding.Extractor,
            new ClusterShardingSettings { PassivateIdleEntityAfter = null });
        region.Tell(new Deposit("bad", 1), TestActor);
        Assert.Equal(new Deposit("bad", 1), ExpectMsg<DeadLetter>().Message);
        region.Tell(new GetBalance("good"), TestActor);
        ExpectMsg(new Balance("good", 0));
    }

    [Fact]
    public void WatchingARegion_DeliversTerminatedNamingTheRegionRef()
    {
        var region = StartRegion();
        Watch(region);
        Sys.Stop(region);
        Assert.Same(region, ExpectTerminated(region).ActorRef);
    }
}
