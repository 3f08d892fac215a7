namespace Akka.Mta.Tests.Actors;

public sealed class ReceiveTimeoutTests : TestKit
{
    /// <summary>An entity that passivates (stops itself) after 30 s without messages.</summary>
    private sealed class Passivating : ReceiveActor
    {
        public Passivating(IActorRef probe)
        {
            SetReceiveTimeout(TimeSpan.FromSeconds(30));
            Receive<ReceiveTimeout>(_ =>
            {
                probe.Tell("idle");
                Context.Stop(Self);
            });
            Receive<string>(s => probe.Tell($"got {s}"));
        }
    }

    [Fact]
    public void ReceiveTimeout_FiresAfterTheIdlePeriod_AndTheActorCanPassivate()
    {
        var actor = ActorOf(Props.Create(() => new Passivating(TestActor)));
        Watch(actor);
        actor.Tell("hello", ActorRefs.NoSender);
        ExpectMsg("got hello");
        Clock.Advance(TimeSpan.FromSeconds(29));
        ExpectNoMsg();
        Clock.Advance(TimeSpan.FromSeconds(1));
        ExpectMsg("idle");
        ExpectTerminated(actor);
    }

    [Fact]
    public void EachMessage_PushesTheReceiveTimeoutBack()
    {
        var actor = ActorOf(Props.Create(() => new Passivating(TestActor)));
        actor.Tell("a", ActorRefs.NoSender);
        ExpectMsg("got a");
        for (var i = 0; i < 3; i++)
        {
            Clock.Advance(TimeSpan.FromSeconds(20));
            actor.Tell("b", ActorRefs.NoSender);
            ExpectMsg("got b");
        }
        Clock.Advance(TimeSpan.FromSeconds(20));
        ExpectNoMsg();
        Clock.Advance(TimeSpan.FromSeconds(10));
        ExpectMsg("idle");
    }

    private sealed record Quiet : INotInfluenceReceiveTimeout;

    private sealed class Repeating : ReceiveActor
    {
        public Repeating(IActorRef probe)
        {
            SetReceiveTimeout(TimeSpan.FromSeconds(10));
            Receive<ReceiveTimeout>(_ => probe.Tell("idle"));
            Receive<Quiet>(_ => probe.Tell("quiet"));
            Receive<string>(s => s == "ping", _ => probe.Tell("pong"));
            Receive<string>(s => s == "off", _ =>
            {
                SetReceiveTimeout(null);
                probe.Tell("off");
            });
        }
    }

    [Fact]
    public void ReceiveTimeout_Repeats_IgnoresNotInfluencingMessages_AndCanBeTurnedOff()
    {
        var actor = ActorOf(Props.Create(() => new Repeating(TestActor)));
        actor.Tell("ping", ActorRefs.NoSender);
        ExpectMsg("pong");
        Clock.Advance(TimeSpan.FromSeconds(5));
        actor.Tell(new Quiet(), ActorRefs.NoSender);
        ExpectMsg("quiet");
        Clock.Advance(TimeSpan.FromSeconds(5));
        ExpectMsg("idle");
        Clock.Advance(TimeSpan.FromSeconds(10));
        ExpectMsg("idle");
        actor.Tell("off", ActorRefs.NoSender);
        ExpectMsg("off");
        Clock.Advance(TimeSpan.FromSeconds(30));
        ExpectNoMsg();
    }
}
