namespace Akka.Mta.Tests.Actors;

public sealed class StashTests : TestKit
{
    /// <summary>Stashes strings until "open", then replays them; "fail" makes it throw.</summary>
    private sealed class Gate : ReceiveActor, IWithStash
    {
        public Gate(IActorRef probe)
        {
            Receive<string>(s => s == "open", _ =>
            {
                Become(() => Receive<string>(m => probe.Tell($"open {m}")));
                Stash.UnstashAll();
            });
            Receive<string>(s => s == "fail", _ => throw new InvalidOperationException("fail while closed"));
            Receive<string>(_ => Stash.Stash());
        }

        public IStash Stash { get; set; } = null!;
    }

    [Fact]
    public void UnstashAll_ReplaysStashedMessagesInOrder_BeforeNewerOnes()
    {
        var gate = ActorOf(Props.Create(() => new Gate(TestActor)));
        gate.Tell("a", TestActor);
        gate.Tell("b", TestActor);
        gate.Tell("open", TestActor);
        gate.Tell("c", TestActor);
        ExpectMsg("open a");
        ExpectMsg("open b");
        ExpectMsg("open c");
    }

    [Fact]
    public void Restart_PutsTheStashBackInFrontOfTheMailbox_ForTheNewInstance()
    {
        var gate = ActorOf(Props.Create(() => new Gate(TestActor)));
        gate.Tell("a", TestActor);
        gate.Tell("b", TestActor);
        gate.Tell("fail", TestActor);
        gate.Tell("open", TestActor);
        gate.Tell("c", TestActor);
        // The new instance re-stashes a and b, then "open" replays them ahead of c.
        ExpectMsg("open a");
        ExpectMsg("open b");
        ExpectMsg("open c");
    }

    private sealed class StashTwice : ReceiveActor, IWithStash
    {
        public StashTwice() => Receive<string>(_ =>
        {
            Stash.Stash();
            try
            {
                Stash.Stash();
            }
            catch (IllegalActorStateException e)
            {
                Sender.Tell(e.Message);
            }
        });

        public IStash Stash { get; set; } = null!;
    }

    [Fact]
    public void StashingTheSameMessageTwice_IsRejected()
    {
        var actor = ActorOf(Props.Create<StashTwice>());
        actor.Tell("x", TestActor);
        Assert.Contains("already stashed", ExpectMsg<string>());
    }

    [Fact]
    public void StashedMessagesOfAStoppedActor_BecomeDeadLetters()
    {
        Sys.EventStream.Subscribe<DeadLetter>(TestActor);
        var gate = ActorOf(Props.Create(() => new Gate(CreateTestProbe().Ref)));
        gate.Tell("kept", TestActor);
        gate.Tell(PoisonPill.Instance, TestActor);
        Assert.Equal("kept", ExpectMsg<DeadLetter>().Message);
    }
}
