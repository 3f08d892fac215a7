namespace Akka.Mta.Tests.Actors;

public sealed class TestKitTests : TestKit
{
    [Fact]
    public void ExpectMsg_FailsWithTheTypeItWaitedFor_WhenNothingArrives()
    {
        var error = Assert.Throws<TestKitAssertionException>(() => ExpectMsg<string>(TimeSpan.FromMilliseconds(50)));
        Assert.Contains("waiting for a message of type String", error.Message);
    }

    [Fact]
    public void ExpectNoMsg_FailsWhenAMessageArrives()
    {
        TestActor.Tell("surprise", ActorRefs.NoSender);
        var error = Assert.Throws<TestKitAssertionException>(() => ExpectNoMsg());
        Assert.Contains("surprise", error.Message);
    }

    [Fact]
    public void FishForMessage_SkipsOthers_AndReplyAnswersTheLastSender()
    {
        var probe = CreateTestProbe();
        var echo = ActorOf(Props.Create<EchoActor>());
        TestActor.Tell(1, ActorRefs.NoSender);
        TestActor.Tell("two", probe.Ref);
        Assert.Equal("two", FishForMessage<string>(_ => true));
        Assert.Equal(probe.Ref, LastSender);
        probe.Send(echo, "ping");
        probe.ExpectMsg("ping");
        probe.Reply("pong");
        probe.ExpectMsg("pong");
    }

    [Fact]
    public void AwaitCondition_NamesWhatItWaitedFor_OnTimeout()
    {
        var error = Assert.Throws<TestKitAssertionException>(() => AwaitCondition(() => false, TimeSpan.FromMilliseconds(50), "the impossible"));
        Assert.Contains("the impossible", error.Message);
    }

    [Fact]
    public void Within_FailsABlockThatTakesLonger_AndBoundsExpectations()
    {
        Assert.Throws<TestKitAssertionException>(() => Within(TimeSpan.FromMilliseconds(50), () => ExpectMsg<string>()));
        Within(TimeSpan.FromSeconds(3), () => Assert.True(RemainingOrDefault <= Dilated(TimeSpan.FromSeconds(3))));
    }

    [Fact]
    public void TheClock_IsFake_AndOnlyMovesWhenAdvanced()
    {
        var start = Sys.TimeProvider.GetUtcNow();
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), start);
        Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(start.AddHours(1), Sys.TimeProvider.GetUtcNow());
    }
}
