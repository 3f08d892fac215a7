namespace Akka.Mta.Tests.Actors;

public sealed class TimerTests : TestKit
{
    private sealed record StartSingle(string Key, string Message, TimeSpan Delay);

    private sealed record StartPeriodic(string Key, string Message, TimeSpan Interval);

    private sealed record CancelTimer(string Key);

    private sealed record IsActive(string Key);

    private sealed record Hold(string Key, TaskCompletionSource Entered, TaskCompletionSource Release);

    private sealed class TimerActor : ReceiveActor, IWithTimers
    {
        public TimerActor(IActorRef probe)
        {
            Receive<StartSingle>(s => { Timers.StartSingleTimer(s.Key, s.Message, s.Delay); Sender.Tell("started"); });
            Receive<StartPeriodic>(s => { Timers.StartPeriodicTimer(s.Key, s.Message, s.Interval); Sender.Tell("started"); });
            Receive<CancelTimer>(c => { Timers.Cancel(c.Key); Sender.Tell("cancelled"); });
            Receive<IsActive>(q => Sender.Tell(Timers.IsTimerActive(q.Key)));
            Receive<string>(s => s == "throw", _ => throw new InvalidOperationException("restart me"));
            ReceiveAsync<Hold>(async h =>
            {
                h.Entered.SetResult();
                await h.Release.Task;
                Timers.Cancel(h.Key);
                probe.Tell("cancelled after hold");
            });
            Receive<string>(s => probe.Tell(s));
        }

        public ITimerScheduler Timers { get; set; } = null!;
    }

    private (IActorRef Actor, TestProbe Fired) Start()
    {
        var fired = CreateTestProbe();
        return (ActorOf(Props.Create(() => new TimerActor(fired.Ref))), fired);
    }

    [Fact]
    public void SingleTimer_FiresOnce_WhenTheClockReachesItsDelay()
    {
        var (actor, fired) = Start();
        actor.Tell(new StartSingle("k", "tick", TimeSpan.FromSeconds(10)), TestActor);
        ExpectMsg("started");
        Clock.Advance(TimeSpan.FromSeconds(9));
        fired.ExpectNoMsg();
        actor.Tell(new IsActive("k"), TestActor);
        Assert.True(ExpectMsg<bool>());
        Clock.Advance(TimeSpan.FromSeconds(1));
        fired.ExpectMsg("tick");
        actor.Tell(new IsActive("k"), TestActor);
        Assert.False(ExpectMsg<bool>());
        Clock.Advance(TimeSpan.FromSeconds(30));
        fired.ExpectNoMsg();
    }

    [Fact]
    public void PeriodicTimer_FiresEveryInterval_UntilCancelled()
    {
        var (actor, fired) = Start();
        actor.Tell(new StartPeriodic("p", "beat", TimeSpan.FromSeconds(1)), TestActor);
        ExpectMsg("started");
        for (var i = 0; i < 3; i++)
        {
            Clock.Advance(TimeSpan.FromSeconds(1));
            fired.ExpectMsg("beat");
        }
        actor.Tell(new CancelTimer("p"), TestActor);
        ExpectMsg("cancelled");
        Clock.Advance(TimeSpan.FromSeconds(5));
        fired.ExpectNoMsg();
    }

    [Fact]
    public void StartingAKeyAgain_ReplacesItsTimer()
    {
        var (actor, fired) = Start();
        actor.Tell(new StartSingle("k", "first", TimeSpan.FromSeconds(1)), TestActor);
        actor.Tell(new StartSingle("k", "second", TimeSpan.FromSeconds(2)), TestActor);
        ReceiveN(2);
        Clock.Advance(TimeSpan.FromSeconds(2));
        fired.ExpectMsg("second");
        fired.ExpectNoMsg();
    }

    [Fact]
    public async Task AMessageOfACancelledTimer_IsDropped_EvenIfAlreadyQueued()
    {
        var (actor, fired) = Start();
        actor.Tell(new StartSingle("k", "late", TimeSpan.FromSeconds(1)), TestActor);
        ExpectMsg("started");
        var hold = new Hold("k", new TaskCompletionSource(), new TaskCompletionSource());
        actor.Tell(hold, TestActor);
        await hold.Entered.Task.WaitAsync(Timing.DefaultTimeout);
        Clock.Advance(TimeSpan.FromSeconds(1));
        // The tick is now queued behind the hold, which cancels the timer when released.
        hold.Release.SetResult();
        fired.ExpectMsg("cancelled after hold");
        actor.Tell("marker", TestActor);
        fired.ExpectMsg("marker");
    }

    [Fact]
    public void Restart_CancelsAllTimers()
    {
        var (actor, fired) = Start();
        actor.Tell(new StartPeriodic("p", "beat", TimeSpan.FromSeconds(1)), TestActor);
        ExpectMsg("started");
        actor.Tell("throw", TestActor);
        actor.Tell(new IsActive("p"), TestActor);
        Assert.False(ExpectMsg<bool>());
        Clock.Advance(TimeSpan.FromSeconds(3));
        fired.ExpectNoMsg();
    }
}
