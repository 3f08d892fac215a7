namespace Akka.Mta.Tests.Actors;

public sealed class SchedulerAndEventStreamTests : TestKit
{
    [Fact]
    public void ScheduleTellOnce_DeliversWhenTheClockReachesTheDelay()
    {
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(5), TestActor, "later", ActorRefs.NoSender);
        Clock.Advance(TimeSpan.FromSeconds(4));
        ExpectNoMsg();
        Clock.Advance(TimeSpan.FromSeconds(1));
        ExpectMsg("later");
        Clock.Advance(TimeSpan.FromSeconds(10));
        ExpectNoMsg();
    }

    [Fact]
    public void ScheduleTellRepeatedly_DeliversEveryInterval_UntilCancelled()
    {
        var cancelable = Sys.Scheduler.ScheduleTellRepeatedlyCancelable(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TestActor, "tick", ActorRefs.NoSender);
        Clock.Advance(TimeSpan.FromSeconds(1));
        ExpectMsg("tick");
        Clock.Advance(TimeSpan.FromSeconds(2));
        ExpectMsg("tick");
        cancelable.Cancel();
        Clock.Advance(TimeSpan.FromSeconds(10));
        ExpectNoMsg();
    }

    [Fact]
    public void ACancelledOnceSchedule_NeverDelivers()
    {
        var cancelable = Sys.Scheduler.ScheduleTellOnceCancelable(TimeSpan.FromSeconds(1), TestActor, "never", ActorRefs.NoSender);
        cancelable.Cancel();
        Clock.Advance(TimeSpan.FromSeconds(5));
        ExpectNoMsg();
    }

    [Fact]
    public void AThrowingScheduledAction_DoesNotStopOtherSchedules()
    {
        Sys.Scheduler.ScheduleOnce(TimeSpan.FromSeconds(1), () => throw new InvalidOperationException("scheduled failure"));
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(1), TestActor, "still delivered", ActorRefs.NoSender);
        Clock.Advance(TimeSpan.FromSeconds(1));
        ExpectMsg("still delivered");
    }

    private interface IDeliveryEvent;

    private sealed record Delivered(string Id) : IDeliveryEvent;

    private sealed record Bounced(string Id) : IDeliveryEvent;

    [Fact]
    public void EventStream_DeliversByTypeIncludingBaseTypes_UntilUnsubscribed()
    {
        var all = CreateTestProbe();
        var bouncesOnly = CreateTestProbe();
        Sys.EventStream.Subscribe<IDeliveryEvent>(all.Ref);
        Sys.EventStream.Subscribe<Bounced>(bouncesOnly.Ref);
        Sys.EventStream.Publish(new Delivered("1"));
        Sys.EventStream.Publish(new Bounced("2"));
        all.ExpectMsg(new Delivered("1"));
        all.ExpectMsg(new Bounced("2"));
        bouncesOnly.ExpectMsg(new Bounced("2"));
        bouncesOnly.ExpectNoMsg();
        Sys.EventStream.Unsubscribe(all.Ref);
        Sys.EventStream.Publish(new Delivered("3"));
        all.ExpectNoMsg();
    }

    [Fact]
    public void AStoppedSubscriber_IsUnsubscribed()
    {
        var probe = CreateTestProbe();
        var echo = ActorOf(Props.Create(() => new ForwardingActor(probe.Ref)));
        Sys.EventStream.Subscribe<Delivered>(echo);
        Watch(echo);
        Sys.Stop(echo);
        ExpectTerminated(echo);
        Assert.False(Sys.EventStream.Unsubscribe(echo), "the stopped subscriber should have been removed already");
    }
}
