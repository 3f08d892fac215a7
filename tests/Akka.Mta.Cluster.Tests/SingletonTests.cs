namespace Akka.Mta.Cluster.Tests;

public sealed class SingletonTests : TestKit
{
    private sealed class Counter : ReceiveActor
    {
        private int _count;

        public Counter()
        {
            Receive<Increment>(_ => _count++);
            Receive<GetCount>(_ => Sender.Tell(new Count(_count, Self.Path.ToStringWithoutAddress())));
            Receive<Crash>(_ => throw new InvalidOperationException("singleton crashed"));
        }
    }

    public SingletonTests() => MessageSerialization.Get(Sys).Register(TestMessagesJsonContext.Default);

    private IActorRef Init() => ClusterSingleton.Get(Sys).Init("counter", Props.Create<Counter>(), new ClusterSingletonSettings { SerializeMessages = true });

    [Fact]
    public void TheProxy_ReachesTheOneInstance_FromEverySender()
    {
        var proxy = Init();
        var other = CreateTestProbe();
        proxy.Tell(new Increment(), TestActor);
        proxy.Tell(new Increment(), other.Ref);
        Assert.Same(proxy, Init());
        Assert.Same(proxy, ClusterSingleton.Get(Sys).Proxy("counter"));
        proxy.Tell(new GetCount(), other.Ref);
        var count = other.ExpectMsg<Count>();
        Assert.Equal(2, count.Value);
        Assert.Equal("/system/singletonManager-counter/singleton", count.Path);
    }

    [Fact]
    public void AFailingSingleton_IsRestarted()
    {
        var proxy = Init();
        proxy.Tell(new Increment(), TestActor);
        proxy.Tell(new Crash("x"), TestActor);
        proxy.Tell(new GetCount(), TestActor);
        Assert.Equal(0, ExpectMsg<Count>().Value);
    }

    [Fact]
    public void AnUnregisteredMessageType_IsRejectedAtTell()
    {
        var proxy = Init();
        var error = Assert.Throws<MessageNotSerializableException>(() => proxy.Tell(new Unregistered("x"), TestActor));
        Assert.Contains("counter", error.Message);
    }

    [Fact]
    public async Task Ask_ThroughTheProxy_GetsTheReply()
    {
        var proxy = Init();
        proxy.Tell(new Increment(), TestActor);
        var count = await proxy.Ask<Count>(new GetCount(), TimeSpan.FromSeconds(3)).WaitAsync(Timing.DefaultTimeout);
        Assert.Equal(1, count.Value);
    }
}
