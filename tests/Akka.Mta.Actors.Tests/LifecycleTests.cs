namespace Akka.Mta.Tests.Actors;

public sealed class LifecycleTests : TestKit
{
    [Fact]
    public void PoisonPill_StopsTheActor_AfterTheMessagesQueuedBeforeIt()
    {
        var actor = ActorOf(Props.Create(() => new LifecycleActor(TestActor)));
        ExpectMsg("PreStart");
        Watch(actor);
        actor.Tell("one", TestActor);
        actor.Tell(PoisonPill.Instance, TestActor);
        actor.Tell("after", TestActor);
        ExpectMsg("got one");
        ExpectMsg("PostStop");
        ExpectTerminated(actor);
    }

    [Fact]
    public void MessagesToAStoppedActor_ArePublishedAsDeadLetters()
    {
        Sys.EventStream.Subscribe<DeadLetter>(TestActor);
        var actor = ActorOf(Props.Create<EchoActor>());
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
        actor.Tell("lost", TestActor);
        var dead = ExpectMsg<DeadLetter>();
        Assert.Equal("lost", dead.Message);
        Assert.Equal(actor, dead.Recipient);
        Assert.Equal(TestActor, dead.Sender);
    }

    [Fact]
    public void TellingDeadLetters_PublishesADeadLetter()
    {
        Sys.EventStream.Subscribe<DeadLetter>(TestActor);
        Sys.DeadLetters.Tell("nowhere", ActorRefs.NoSender);
        Assert.Equal("nowhere", ExpectMsg<DeadLetter>().Message);
    }

    private sealed class Parent : ReceiveActor
    {
        public Parent(IActorRef probe)
        {
            Receive<string>(s => s.StartsWith("make ", StringComparison.Ordinal), s =>
            {
                var name = s[5..];
                try
                {
                    Context.ActorOf(Props.Create(() => new LifecycleActor(probe)), name);
                    Sender.Tell("made " + name);
                }
                catch (InvalidActorNameException e)
                {
                    Sender.Tell(e.Message);
                }
            });
            Receive<string>(s => s == "children", _ => Sender.Tell(string.Join(",", Context.Children.Select(c => c.Path.Name).Order(StringComparer.Ordinal))));
            Receive<string>(s => s.StartsWith("child ", StringComparison.Ordinal), s => Sender.Tell(Context.Child(s[6..])));
            Receive<string>(s => s.StartsWith("stop ", StringComparison.Ordinal), s => Context.Stop(Context.Child(s[5..])));
        }

        protected override void PostStop() => Context.System.EventStream.Publish("parent PostStop");
    }

    [Fact]
    public void Children_AreCreatedByName_FoundByName_AndNamesAreUnique()
    {
        var parent = ActorOf(Props.Create(() => new Parent(CreateTestProbe().Ref)), "parent");
        parent.Tell("make a", TestActor);
        parent.Tell("make b", TestActor);
        parent.Tell("make a", TestActor);
        ExpectMsg("made a");
        ExpectMsg("made b");
        Assert.Contains("not unique", ExpectMsg<string>());
        parent.Tell("children", TestActor);
        ExpectMsg("a,b");
        parent.Tell("child a", TestActor);
        Assert.Equal("akka://" + Sys.Name + "/user/parent/a", ExpectMsg<IActorRef>().Path.ToString());
        parent.Tell("child zzz", TestActor);
        Assert.True(ExpectMsg<IActorRef>().IsNobody());
    }

    [Fact]
    public void StoppingAParent_StopsItsChildrenFirst()
    {
        Sys.EventStream.Subscribe<string>(TestActor);
        var parent = ActorOf(Props.Create(() => new Parent(TestActor)));
        parent.Tell("make a", TestActor);
        Assert.Equal(["PreStart", "made a"], ReceiveN(2).Cast<string>().Order(StringComparer.Ordinal));
        Sys.Stop(parent);
        ExpectMsg("PostStop");
        ExpectMsg("parent PostStop");
    }

    [Fact]
    public void AStoppedChildsName_CanBeReusedAfterTerminated()
    {
        var parent = ActorOf(Props.Create(() => new Parent(CreateTestProbe().Ref)));
        parent.Tell("make a", TestActor);
        ExpectMsg("made a");
        parent.Tell("child a", TestActor);
        var first = ExpectMsg<IActorRef>();
        Watch(first);
        parent.Tell("stop a", TestActor);
        ExpectTerminated(first);
        AwaitAssert(() =>
        {
            parent.Tell("make a", TestActor);
            ExpectMsg("made a");
        });
    }

    [Fact]
    public void InvalidNames_AreRejected()
    {
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<EchoActor>(), "a/b"));
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<EchoActor>(), "$x"));
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<EchoActor>(), ""));
    }

    [Fact]
    public async Task Terminate_StopsEveryActor_AndCompletes()
    {
        var actor = ActorOf(Props.Create(() => new LifecycleActor(TestActor)));
        ExpectMsg("PreStart");
        await Sys.Terminate().WaitAsync(Timing.DefaultTimeout);
        Assert.True(Sys.WhenTerminated.IsCompleted);
        Assert.True(((IInternalActorRef)actor).IsTerminated);
    }

    [Fact]
    public async Task AStoppingDeadLetterSubscriber_PublishesItsQueuedMessagesOnce_AndDoesNotLoop()
    {
        var observer = CreateTestProbe();
        Sys.EventStream.Subscribe<DeadLetter>(observer.Ref);
        var subscriber = ActorOf(Props.Create(() => new ForwardingActor(CreateTestProbe().Ref)));
        Sys.EventStream.Subscribe<DeadLetter>(subscriber);
        Watch(subscriber);
        subscriber.Tell(new DeadLetter("seed", null, subscriber), ActorRefs.NoSender);
        Sys.Stop(subscriber);
        ExpectTerminated(subscriber);
        subscriber.Tell("after stop", ActorRefs.NoSender);
        observer.FishForMessage<DeadLetter>(d => (d.Message as string) == "after stop");
        await Sys.Terminate().WaitAsync(Timing.DefaultTimeout);
    }
}
