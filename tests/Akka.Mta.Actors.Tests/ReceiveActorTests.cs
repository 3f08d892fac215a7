namespace Akka.Mta.Tests.Actors;

public sealed class ReceiveActorTests : TestKit
{
    private interface IShape;

    private sealed record Circle(double Radius) : IShape;

    private sealed record Square(double Side) : IShape;

    private sealed class Dispatcher : ReceiveActor
    {
        public Dispatcher()
        {
            Receive<int>(i => i > 100, i => Sender.Tell($"big {i}"));
            Receive<int>(i => Sender.Tell($"int {i}"));
            Receive<Circle>(c => Sender.Tell($"circle {c.Radius}"));
            Receive<IShape>(s => Sender.Tell($"shape {s.GetType().Name}"));
            Receive<string>(s =>
            {
                if (s.StartsWith("skip", StringComparison.Ordinal))
                {
                    return false;
                }
                Sender.Tell($"string {s}");
                return true;
            });
        }
    }

    [Fact]
    public void Handlers_AreTriedInRegistrationOrder_ByTypeAndPredicate()
    {
        var actor = ActorOf(Props.Create<Dispatcher>());
        actor.Tell(500, TestActor);
        actor.Tell(5, TestActor);
        actor.Tell(new Circle(1), TestActor);
        actor.Tell(new Square(2), TestActor);
        actor.Tell("x", TestActor);
        ExpectMsg("big 500");
        ExpectMsg("int 5");
        ExpectMsg("circle 1");
        ExpectMsg("shape Square");
        ExpectMsg("string x");
    }

    [Fact]
    public void UnhandledMessages_ArePublishedAsUnhandledMessage()
    {
        Sys.EventStream.Subscribe<UnhandledMessage>(TestActor);
        var actor = ActorOf(Props.Create<Dispatcher>());
        actor.Tell("skip me", TestActor);
        actor.Tell(3.5, TestActor);
        var first = ExpectMsg<UnhandledMessage>();
        Assert.Equal("skip me", first.Message);
        Assert.Equal(actor, first.Recipient);
        Assert.Equal(3.5, ExpectMsg<UnhandledMessage>().Message);
    }

    private sealed class Switch : ReceiveActor
    {
        public Switch()
        {
            Receive<string>(s => s == "on", _ => Become(On));
            Receive<string>(s => Sender.Tell($"off {s}"));
        }

        private void On()
        {
            Receive<string>(s => s == "off", _ => Become(() => { }));
            Receive<string>(s => Sender.Tell($"on {s}"));
        }
    }

    [Fact]
    public void Become_ReplacesTheBehaviour()
    {
        Sys.EventStream.Subscribe<UnhandledMessage>(TestActor);
        var actor = ActorOf(Props.Create<Switch>());
        actor.Tell("a", TestActor);
        ExpectMsg("off a");
        actor.Tell("on", TestActor);
        actor.Tell("b", TestActor);
        ExpectMsg("on b");
        actor.Tell("off", TestActor);
        actor.Tell("c", TestActor);
        ExpectMsg<UnhandledMessage>(u => (string)u.Message == "c", hint: "the empty behaviour handles nothing");
    }

    [Fact]
    public void UnbecomeStacked_PopsBackToThePreviousBehaviour()
    {
        var probe = CreateTestProbe();
        var actor = ActorOf(Props.Create(() => new StackActor()));
        actor.Tell("push", probe.Ref);
        actor.Tell("hello", probe.Ref);
        probe.ExpectMsg("pushed hello");
        actor.Tell("pop", probe.Ref);
        actor.Tell("hello", probe.Ref);
        probe.ExpectMsg("base hello");
    }

    private sealed class StackActor : ReceiveActor
    {
        public StackActor()
        {
            Receive<string>(s => s == "push", _ => BecomeStacked(() =>
            {
                Receive<string>(s => s == "pop", _ => UnbecomeStacked());
                Receive<string>(s => Sender.Tell($"pushed {s}"));
            }));
            Receive<string>(s => Sender.Tell($"base {s}"));
        }
    }

    private sealed class LateRegistration : ReceiveActor
    {
        public LateRegistration() => Receive<string>(_ =>
        {
            try
            {
                Receive<int>(_ => { });
                Sender.Tell("registered");
            }
            catch (IllegalActorStateException e)
            {
                Sender.Tell(e.Message);
            }
        });
    }

    [Fact]
    public void RegisteringAHandlerOutsideTheConstructor_IsRejected()
    {
        var actor = ActorOf(Props.Create<LateRegistration>());
        actor.Tell("go", TestActor);
        Assert.Contains("only be registered in the constructor", ExpectMsg<string>());
    }

    [Fact]
    public void CreatingAnActorWithNew_Throws()
    {
        var error = Assert.Throws<ActorInitializationException>(() => new EchoActor());
        Assert.Contains("Props.Create", error.Message);
    }

    /// <summary>A base class that holds messages back until "open", as a recovering persistent actor would.</summary>
    private abstract class GatedActor : ReceiveActor
    {
        private readonly IStash _held;
        private bool _open;

        protected GatedActor() => _held = CreateStash();

        protected override bool AroundReceive(Receive receive, object message)
        {
            if (message is "open")
            {
                _open = true;
                _held.UnstashAll();
                return true;
            }
            if (!_open)
            {
                _held.Stash();
                return true;
            }
            return base.AroundReceive(receive, message);
        }
    }

    private sealed class Gated : GatedActor
    {
        public Gated() => Receive<string>(s => Sender.Tell($"handled {s}"));
    }

    [Fact]
    public void AroundReceive_LetsABaseClassHoldMessagesBack_InAnInternalStash()
    {
        var actor = ActorOf(Props.Create<Gated>());
        actor.Tell("a", TestActor);
        actor.Tell("b", TestActor);
        ExpectNoMsg();
        actor.Tell("open", TestActor);
        actor.Tell("c", TestActor);
        ExpectMsg("handled a");
        ExpectMsg("handled b");
        ExpectMsg("handled c");
    }
}
