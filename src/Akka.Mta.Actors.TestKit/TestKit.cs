using Microsoft.Extensions.Time.Testing;

namespace Akka.Mta.Actors.TestKit;

/// <summary>
/// Base class for xunit actor tests (the role of Akka.TestKit.Xunit2): one <see cref="ActorSystem"/>
/// per test class instance (so per test), shut down on Dispose; a default probe
/// (<see cref="TestActor"/>) and the expectations on it; and a controllable clock
/// (<see cref="Clock"/>) that drives the system's timers, scheduler, receive timeouts and Ask
/// timeouts: they fire only when the test calls <c>Clock.Advance</c>.
/// </summary>
public abstract partial class TestKit : IDisposable
{
    private static int s_systems;
    private readonly TestProbe _testProbe;
    private int _probes;

    /// <param name="settings">System settings; its TimeProvider is replaced by <see cref="Clock"/> unless <paramref name="realClock"/>.</param>
    /// <param name="realClock">Keep the settings' own clock (e.g. TimeProvider.System) instead of the fake one.</param>
    protected TestKit(ActorSystemSettings? settings = null, bool realClock = false)
    {
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero));
        var effective = settings ?? ActorSystemSettings.Default;
        if (!realClock)
        {
            effective = effective with { TimeProvider = Clock };
        }
        Sys = ActorSystem.Create($"{GetType().Name.Replace('`', '_')}-{Interlocked.Increment(ref s_systems)}", effective);
        _testProbe = new TestProbe(Sys, Timing, "testActor");
    }

    public ActorSystem Sys { get; }

    /// <summary>The fake clock (start 2026-11-23T00:00Z): <c>Clock.Advance(TimeSpan)</c> fires what is due.</summary>
    public FakeTimeProvider Clock { get; }

    public TestKitTiming Timing { get; } = new();

    /// <summary>The default probe's ref: use it as sender or receiver; expectations below read from it.</summary>
    public IActorRef TestActor => _testProbe.Ref;

    public TestProbe TestProbe => _testProbe;

    public IActorRef LastSender => _testProbe.LastSender;

    public TestProbe CreateTestProbe(string? name = null) =>
        new(Sys, Timing, name ?? $"testProbe-{Interlocked.Increment(ref _probes)}");

    public TimeSpan Dilated(TimeSpan duration) => Timing.Dilated(duration);

    public T ExpectMsg<T>(TimeSpan? timeout = null) => _testProbe.ExpectMsg<T>(timeout);

    public T ExpectMsg<T>(T expected, TimeSpan? timeout = null) => _testProbe.ExpectMsg(expected, timeout);

    public T ExpectMsg<T>(Predicate<T> predicate, TimeSpan? timeout = null, string? hint = null) => _testProbe.ExpectMsg(predicate, timeout, hint);

    public void ExpectNoMsg(TimeSpan? duration = null) => _testProbe.ExpectNoMsg(duration);

    public object ReceiveOne(TimeSpan? timeout = null) => _testProbe.ReceiveOne(timeout);

    public IReadOnlyList<object> ReceiveN(int count, TimeSpan? timeout = null) => _testProbe.ReceiveN(count, timeout);

    public T FishForMessage<T>(Predicate<T> isMessage, TimeSpan? max = null, string? hint = null) => _testProbe.FishForMessage(isMessage, max, hint);

    public IActorRef Watch(IActorRef actor) => _testProbe.Watch(actor);

    public IActorRef Unwatch(IActorRef actor) => _testProbe.Unwatch(actor);

    public Terminated ExpectTerminated(IActorRef target, TimeSpan? timeout = null) => _testProbe.ExpectTerminated(target, timeout);

    public Task<T> ExpectMsgAsync<T>(Predicate<T>? predicate = null, TimeSpan? timeout = null, string? hint = null) => _testProbe.ExpectMsgAsync(predicate, timeout, hint);

    public Task ExpectNoMsgAsync(TimeSpan? duration = null) => _testProbe.ExpectNoMsgAsync(duration);

    /// <summary>Tells <paramref name="message"/> with <see cref="TestActor"/> as sender.</summary>
    public void Send(IActorRef target, object message) => target.Tell(message, TestActor);

    /// <summary>Starts a top-level actor.</summary>
    public IActorRef ActorOf(Props props, string? name = null) => Sys.ActorOf(props, name);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing && !Sys.Terminate().Wait(Timing.DefaultTimeout))
        {
            throw new TestKitAssertionException(
                $"The actor system {Sys.Name} did not terminate within {Timing.DefaultTimeout.TotalSeconds:0.#} s. Live actors:{Environment.NewLine}{Sys.DescribeLiveActors()}");
        }
    }
}
