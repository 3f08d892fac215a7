namespace Akka.Mta.Tests.Actors;

public sealed class AsyncReceiveTests : TestKit
{
    private sealed record Slow(TaskCompletionSource Gate);

    private sealed class AsyncActor : ReceiveActor
    {
        public AsyncActor(IActorRef probe)
        {
            ReceiveAsync<Slow>(async slow =>
            {
                probe.Tell("slow started");
                await slow.Gate.Task;
                await Task.Yield();
                probe.Tell("slow done");
                Sender.Tell("reply after await");
            });
            ReceiveAsync<string>(s => s == "fail", async _ =>
            {
                await Task.Yield();
                throw new InvalidOperationException("async failure");
            });
            Receive<string>(s => probe.Tell($"got {s}"));
        }

        protected override void PreStart() => Context.System.EventStream.Publish("AsyncActor started");
    }

    [Fact]
    public void AnAsyncHandler_HoldsTheMailbox_UntilItsTaskCompletes()
    {
        var probe = CreateTestProbe();
        var actor = ActorOf(Props.Create(() => new AsyncActor(probe.Ref)));
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        actor.Tell(new Slow(gate), TestActor);
        actor.Tell("next", TestActor);
        probe.ExpectMsg("slow started");
        probe.ExpectNoMsg();
        gate.SetResult();
        probe.ExpectMsg("slow done");
        probe.ExpectMsg("got next");
    }

    [Fact]
    public void AfterAnAwait_SenderAndTheImplicitSenderAreStillThisMessages()
    {
        var probe = CreateTestProbe();
        var actor = ActorOf(Props.Create(() => new AsyncActor(probe.Ref)));
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        actor.Tell(new Slow(gate), TestActor);
        gate.SetResult();
        ExpectMsg("reply after await");
        Assert.Equal(actor, LastSender);
    }

    [Fact]
    public void AFaultedAsyncHandler_FailsTheActor_WhichIsRestarted()
    {
        Sys.EventStream.Subscribe<string>(TestActor);
        var probe = CreateTestProbe();
        var actor = ActorOf(Props.Create(() => new AsyncActor(probe.Ref)));
        ExpectMsg("AsyncActor started");
        actor.Tell("fail", TestActor);
        actor.Tell("after", TestActor);
        ExpectMsg("AsyncActor started");
        probe.ExpectMsg("got after");
    }
}
