namespace Akka.Mta.Tests.Actors;

public sealed class AskTests : TestKit
{
    private sealed class Replier : ReceiveActor
    {
        public Replier()
        {
            Receive<string>(s => s == "fail", _ => Sender.Tell(new Status.Failure(new InvalidOperationException("refused"))));
            Receive<string>(s => s == "silent", _ => { });
            Receive<string>(s => Sender.Tell(s.Length));
        }
    }

    [Fact]
    public async Task Ask_CompletesWithTheReply()
    {
        var actor = ActorOf(Props.Create<Replier>());
        Assert.Equal(5, await actor.Ask<int>("hello", TimeSpan.FromSeconds(3)).WaitAsync(Timing.DefaultTimeout));
    }

    [Fact]
    public async Task Ask_WithoutReply_FailsWithAskTimeout_WhenTheClockPassesTheTimeout()
    {
        var actor = ActorOf(Props.Create<Replier>());
        var reply = actor.Ask<int>("silent", TimeSpan.FromSeconds(5));
        Clock.Advance(TimeSpan.FromSeconds(4));
        Assert.False(reply.IsCompleted, "the ask must not time out before its timeout");
        Clock.Advance(TimeSpan.FromSeconds(1));
        var error = await Assert.ThrowsAsync<AskTimeoutException>(() => reply.WaitAsync(Timing.DefaultTimeout));
        Assert.Contains(actor.Path.ToString(), error.Message);
    }

    [Fact]
    public async Task Ask_FailsWithTheCauseOfAStatusFailureReply()
    {
        var actor = ActorOf(Props.Create<Replier>());
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => actor.Ask<int>("fail").WaitAsync(Timing.DefaultTimeout));
        Assert.Equal("refused", error.Message);
    }

    [Fact]
    public async Task Ask_FailsWithInvalidCast_WhenTheReplyHasAnotherType()
    {
        var actor = ActorOf(Props.Create<Replier>());
        var error = await Assert.ThrowsAsync<InvalidCastException>(() => actor.Ask<string>("hello").WaitAsync(Timing.DefaultTimeout));
        Assert.Contains("Int32", error.Message);
    }

    [Fact]
    public async Task Ask_ToAStoppedActor_TimesOut_AndTheMessageIsADeadLetter()
    {
        Sys.EventStream.Subscribe<DeadLetter>(TestActor);
        var actor = ActorOf(Props.Create<Replier>());
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
        var reply = actor.Ask<int>("hello", TimeSpan.FromSeconds(1));
        Assert.Equal("hello", ExpectMsg<DeadLetter>().Message);
        Clock.Advance(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<AskTimeoutException>(() => reply.WaitAsync(Timing.DefaultTimeout));
    }
}
