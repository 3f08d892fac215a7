namespace Akka.Mta.Tests.Actors;

public sealed class DeathWatchTests : TestKit
{
    [Fact]
    public void Watch_DeliversTerminated_AfterTheWatchedActorStops()
    {
        var echo = ActorOf(Props.Create<EchoActor>());
        Watch(echo);
        Sys.Stop(echo);
        var terminated = ExpectTerminated(echo);
        Assert.True(terminated.ExistenceConfirmed);
    }

    [Fact]
    public void WatchingAnAlreadyStoppedActor_DeliversTerminatedAtOnce()
    {
        var echo = ActorOf(Props.Create<EchoActor>());
        var first = CreateTestProbe();
        first.Watch(echo);
        echo.Tell(PoisonPill.Instance, ActorRefs.NoSender);
        first.ExpectTerminated(echo);
        Watch(echo);
        ExpectTerminated(echo);
    }

    [Fact]
    public void Unwatch_StopsTheNotification()
    {
        var echo = ActorOf(Props.Create<EchoActor>());
        var other = CreateTestProbe();
        Watch(echo);
        other.Watch(echo);
        Unwatch(echo);
        Sys.Stop(echo);
        other.ExpectTerminated(echo);
        ExpectNoMsg();
    }

    private sealed class Chatty : ReceiveActor
    {
        public Chatty(IActorRef target)
        {
            Receive<string>(s => s == "go", _ =>
            {
                for (var i = 0; i < 100; i++)
                {
                    target.Tell(i);
                }
                Context.Stop(Self);
            });
        }
    }

    [Fact]
    public void Terminated_ArrivesAfterEveryMessageTheDeadActorSent()
    {
        var chatty = ActorOf(Props.Create(() => new Chatty(TestActor)));
        Watch(chatty);
        chatty.Tell("go", ActorRefs.NoSender);
        var received = ReceiveN(101);
        Assert.Equal(Enumerable.Range(0, 100).Cast<object>(), received.Take(100));
        Assert.IsType<Terminated>(received[100]);
    }

    private sealed class Pact : ReceiveActor
    {
        public Pact(IActorRef other, IActorRef probe)
        {
            Context.Watch(other);
            Receive<string>(_ => { });
            _probe = probe;
        }

        private readonly IActorRef _probe;

        protected override void PostStop() => _probe.Tell("pact stopped");
    }

    [Fact]
    public void AnUnhandledTerminated_IsADeathPact_ThatStopsTheWatcher()
    {
        var echo = ActorOf(Props.Create<EchoActor>());
        var pact = ActorOf(Props.Create(() => new Pact(echo, TestActor)));
        Sys.Stop(echo);
        ExpectMsg("pact stopped");
    }

    private sealed class WatchWithActor : ReceiveActor
    {
        public WatchWithActor(IActorRef other, IActorRef probe)
        {
            Context.WatchWith(other, "custom: other died");
            Receive<string>(s => probe.Tell(s));
        }
    }

    [Fact]
    public void WatchWith_DeliversTheCustomMessageInsteadOfTerminated()
    {
        var echo = ActorOf(Props.Create<EchoActor>());
        ActorOf(Props.Create(() => new WatchWithActor(echo, TestActor)));
        Sys.Stop(echo);
        ExpectMsg("custom: other died");
    }
}
