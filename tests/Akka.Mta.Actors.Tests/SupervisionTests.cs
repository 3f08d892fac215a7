namespace Akka.Mta.Tests.Actors;

public sealed class SupervisionTests : TestKit
{
    private IActorRef StartSupervised(Func<Exception, Directive> decider, int? maxRetries = null, TimeSpan? within = null)
    {
        var strategy = new OneForOneStrategy(maxRetries, within, decider);
        var supervisor = ActorOf(Props.Create(() => new Supervisor(Props.Create(() => new LifecycleActor(TestActor)), strategy)));
        ExpectMsg("PreStart");
        supervisor.Tell("child", TestActor);
        return ExpectMsg<IActorRef>();
    }

    [Fact]
    public void Resume_KeepsTheInstanceAndItsState()
    {
        var child = StartSupervised(_ => Directive.Resume);
        child.Tell("inc", TestActor);
        child.Tell("throw", TestActor);
        child.Tell("state", TestActor);
        Assert.Equal(1, ExpectMsg<int>());
    }

    [Fact]
    public void Restart_ReplacesTheInstance_RunsTheHooks_AndKeepsTheMailbox()
    {
        var child = StartSupervised(_ => Directive.Restart);
        child.Tell("inc", TestActor);
        child.Tell("throw", TestActor);
        child.Tell("after", TestActor);
        child.Tell("state", TestActor);
        ExpectMsg("PreRestart boom throw");
        ExpectMsg("PostStop");
        ExpectMsg("PostRestart boom");
        ExpectMsg("PreStart");
        ExpectMsg("got after");
        Assert.Equal(0, ExpectMsg<int>());
    }

    [Fact]
    public void Stop_StopsTheChild_AndWatchersGetTerminated()
    {
        var child = StartSupervised(_ => Directive.Stop);
        var watcher = CreateTestProbe();
        watcher.Watch(child);
        child.Tell("throw", TestActor);
        ExpectMsg("PostStop");
        watcher.ExpectTerminated(child);
    }

    private sealed class Middle : ReceiveActor
    {
        public Middle(IActorRef probe)
        {
            var child = Context.ActorOf(Props.Create(() => new LifecycleActor(probe)), "leaf");
            Receive<string>(s => s == "leaf", _ => Sender.Tell(child));
        }

        protected override void PreStart() => Context.Parent.Tell("middle started");

        protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Escalate);
    }

    private sealed class Top : ReceiveActor
    {
        public Top(IActorRef probe)
        {
            var middle = Context.ActorOf(Props.Create(() => new Middle(probe)), "middle");
            Receive<string>(s => s == "middle", _ => Sender.Tell(middle));
            Receive<string>(s => probe.Tell(s));
        }

        protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(e =>
        {
            Self.Tell($"top decides on {e.Message}");
            return Directive.Restart;
        });
    }

    [Fact]
    public void Escalate_HandsTheFailureToTheGrandparent_WhoseRestartOfTheParentRecreatesTheChild()
    {
        var top = ActorOf(Props.Create(() => new Top(TestActor)));
        Assert.Equal(["PreStart", "middle started"], ReceiveN(2).Cast<string>().Order(StringComparer.Ordinal));
        top.Tell("middle", TestActor);
        var middle = ExpectMsg<IActorRef>();
        middle.Tell("leaf", TestActor);
        var leaf = ExpectMsg<IActorRef>();
        leaf.Tell("throw", TestActor);
        // Middle's default PreRestart stops the old leaf; the new Middle starts a fresh one.
        Assert.Equal(
            ["PostStop", "PreStart", "middle started", "top decides on boom"],
            ReceiveN(4).Cast<string>().Order(StringComparer.Ordinal));
        middle.Tell("leaf", TestActor);
        Assert.NotEqual(leaf, ExpectMsg<IActorRef>());
    }

    [Fact]
    public void Restart_BeyondMaxRetriesWithinTheWindow_StopsTheChild()
    {
        var child = StartSupervised(_ => Directive.Restart, maxRetries: 2, within: TimeSpan.FromMinutes(1));
        var watcher = CreateTestProbe();
        watcher.Watch(child);
        for (var i = 0; i < 2; i++)
        {
            child.Tell("throw", TestActor);
            ExpectMsg("PreRestart boom throw");
            ExpectMsg("PostStop");
            ExpectMsg("PostRestart boom");
            ExpectMsg("PreStart");
        }
        child.Tell("throw", TestActor);
        ExpectMsg("PostStop");
        watcher.ExpectTerminated(child);
    }

    [Fact]
    public void Restart_AfterTheWindowHasPassed_CountsAgainFromOne()
    {
        var child = StartSupervised(_ => Directive.Restart, maxRetries: 1, within: TimeSpan.FromMinutes(1));
        child.Tell("throw", TestActor);
        FishForMessage<string>(s => s == "PreStart");
        Clock.Advance(TimeSpan.FromMinutes(2));
        child.Tell("throw", TestActor);
        ExpectMsg("PreRestart boom throw");
        FishForMessage<string>(s => s == "PreStart");
        child.Tell("still alive", TestActor);
        ExpectMsg("got still alive");
    }

    [Fact]
    public void DefaultStrategy_RestartsOnException_AndKillStopsTheActor()
    {
        var actor = ActorOf(Props.Create(() => new LifecycleActor(TestActor)));
        ExpectMsg("PreStart");
        Watch(actor);
        actor.Tell("throw", TestActor);
        ExpectMsg("PreRestart boom throw");
        FishForMessage<string>(s => s == "PreStart");
        actor.Tell(Kill.Instance, TestActor);
        ExpectMsg("PostStop");
        ExpectTerminated(actor);
    }

    private sealed class FailingConstructor : ReceiveActor
    {
        public FailingConstructor() => throw new InvalidOperationException("cannot start");
    }

    [Fact]
    public void AnActorWhoseConstructorThrows_IsStopped_AndTheSystemKeepsRunning()
    {
        var actor = ActorOf(Props.Create<FailingConstructor>());
        Watch(actor);
        ExpectTerminated(actor);
        var echo = ActorOf(Props.Create<EchoActor>());
        echo.Tell("alive", TestActor);
        ExpectMsg("alive");
    }

    [Fact]
    public async Task TopLevelEscalation_StopsTheActor_NotTheProcess()
    {
        var system = ActorSystem.Create("escalating", ActorSystemSettings.Default with
        {
            GuardianSupervisorStrategy = new OneForOneStrategy(_ => Directive.Escalate),
        });
        try
        {
            var actor = system.ActorOf(Props.Create(() => new LifecycleActor(TestActor)));
            ExpectMsg("PreStart");
            actor.Tell("throw", TestActor);
            ExpectMsg("PostStop");
        }
        finally
        {
            await system.Terminate().WaitAsync(Timing.DefaultTimeout);
        }
    }
}
