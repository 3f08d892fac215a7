namespace Akka.Mta.Tests.Actors;

public sealed class OrderingTests : TestKit
{
    private sealed record Numbered(int Sender, int Sequence);

    private sealed class OrderChecker : ReceiveActor
    {
        public OrderChecker(IActorRef probe, int senders, int perSender)
        {
            var next = new int[senders];
            var done = 0;
            Receive<Numbered>(m =>
            {
                if (m.Sequence != next[m.Sender])
                {
                    probe.Tell($"out of order: sender {m.Sender} expected {next[m.Sender]} got {m.Sequence}");
                }
                next[m.Sender] = m.Sequence + 1;
                if (++done == senders * perSender)
                {
                    probe.Tell("all in order");
                }
            });
        }
    }

    [Fact]
    public void MessagesFromOneSender_ArriveInSendOrder_WhileOtherSendersInterleave()
    {
        const int senders = 4, perSender = 20_000;
        var checker = ActorOf(Props.Create(() => new OrderChecker(TestActor, senders, perSender)));
        var threads = Enumerable.Range(0, senders).Select(s => new Thread(() =>
        {
            for (var i = 0; i < perSender; i++)
            {
                checker.Tell(new Numbered(s, i), ActorRefs.NoSender);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        ExpectMsg("all in order", TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void Forward_KeepsTheOriginalSender_AndTellInsideAnActorUsesItAsImplicitSender()
    {
        var echo = ActorOf(Props.Create<EchoActor>(), "echo");
        var forwarder = ActorOf(Props.Create(() => new ForwardingActor(echo)), "forwarder");
        forwarder.Tell("hello", TestActor);
        ExpectMsg("hello");
        Assert.Equal(echo, LastSender);
        Assert.Equal("akka://" + Sys.Name + "/user/echo", echo.Path.ToString());
        Assert.Equal("echo", echo.Path.Name);
    }
}
