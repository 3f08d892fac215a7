namespace Akka.Mta.Tests.Actors;

public sealed class FailureContainmentTests : TestKit
{
    private readonly CapturingLoggerFactory _logs;

    public FailureContainmentTests() : this(new CapturingLoggerFactory())
    {
    }

    private FailureContainmentTests(CapturingLoggerFactory logs) : base(ActorSystemSettings.Default with { LoggerFactory = logs, LogDeadLetters = 2 }) => _logs = logs;

    private sealed class AsyncVoidThrower : ReceiveActor
    {
        public AsyncVoidThrower(IActorRef probe)
        {
            Receive<string>(s => s == "async void", _ => FireAndForget());
            Receive<string>(s => probe.Tell($"alive {s}"));
        }

        private static async void FireAndForget()
        {
            await Task.Yield();
            throw new InvalidOperationException("async void failure");
        }
    }

    [Fact]
    public void AnAsyncVoidFailureInAnActor_IsLogged_AndTheProcessAndActorGoOn()
    {
        var actor = ActorOf(Props.Create(() => new AsyncVoidThrower(TestActor)));
        actor.Tell("async void", ActorRefs.NoSender);
        AwaitCondition(() => _logs.Entries.Any(e => e.Exception?.Message == "async void failure"), message: "the async void failure to be logged");
        actor.Tell("after", ActorRefs.NoSender);
        ExpectMsg("alive after");
    }

    [Fact]
    public void DeadLetters_AreLogged_UpToTheLimit_ThenLoggingStops()
    {
        var stopped = ActorOf(Props.Create<EchoActor>(), "gone");
        Watch(stopped);
        Sys.Stop(stopped);
        ExpectTerminated(stopped);
        Sys.EventStream.Subscribe<DeadLetter>(TestActor);
        for (var i = 0; i < 4; i++)
        {
            stopped.Tell($"letter {i}", TestActor);
        }
        ReceiveN(4);
        var lines = _logs.Entries.Where(e => e.Message.Contains("/user/gone", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Contains("was not delivered", lines[0].Message);
        Assert.Contains(_logs.Entries, e => e.Message.Contains("Dead letter logging is off after 2", StringComparison.Ordinal));
    }

    [Fact]
    public void ASupervisedFailure_IsLoggedWithItsDirective()
    {
        var actor = ActorOf(Props.Create(() => new LifecycleActor(TestActor)), "logged");
        ExpectMsg("PreStart");
        actor.Tell("throw", TestActor);
        FishForMessage<string>(s => s == "PreStart");
        Assert.Contains(_logs.Entries, e => e.Message.Contains("/user/logged failed; supervisor directive: Restart", StringComparison.Ordinal) && e.Exception?.Message == "boom");
    }
}
