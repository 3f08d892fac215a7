using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Akka.Mta.Actors;

/// <summary>
/// A hierarchy of actors under /user (application) and /system (infrastructure), with its
/// scheduler, event stream and dead letters. Terminate stops every actor, children first.
/// </summary>
public sealed class ActorSystem : IDisposable, IAsyncDisposable
{
    private readonly ConcurrentDictionary<Type, object> _extensions = new();
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ActorCell _userGuardian;
    private readonly ActorCell _systemGuardian;
    private readonly DeadLetterActorRef _deadLetters;
    private readonly TimeProviderScheduler _scheduler;
    private int _terminating;

    private ActorSystem(string name, ActorSystemSettings settings)
    {
        Name = name;
        Settings = settings;
        Log = new KernelLog(settings.LoggerFactory.CreateLogger("Akka.Mta.Actors"));
        var root = ActorPath.Root(name);
        EventStream = new EventStream();
        _deadLetters = new DeadLetterActorRef(this, root / "deadLetters");
        _scheduler = new TimeProviderScheduler(settings.TimeProvider, Log);
        var rootRef = new RootGuardianRef(this, root);
        var guardianProps = Props.Create(() => new GuardianActor(settings.GuardianSupervisorStrategy));
        _userGuardian = new ActorCell(this, guardianProps, root / "user", rootRef);
        _systemGuardian = new ActorCell(this, Props.Create(() => new GuardianActor(SupervisorStrategy.DefaultStrategy)), root / "system", rootRef);
        _userGuardian.Mailbox.PostSystem(global::Akka.Mta.Actors.Create.Instance);
        _systemGuardian.Mailbox.PostSystem(global::Akka.Mta.Actors.Create.Instance);
    }

    public static ActorSystem Create(string name, ActorSystemSettings? settings = null)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            throw new ArgumentException($"Actor system name \"{name}\" is invalid: use letters, digits, '-' and '_'.", nameof(name));
        }
        return new ActorSystem(name, settings ?? ActorSystemSettings.Default);
    }

    public string Name { get; }

    public ActorSystemSettings Settings { get; }

    public TimeProvider TimeProvider => Settings.TimeProvider;

    public ILoggerFactory LoggerFactory => Settings.LoggerFactory;

    public EventStream EventStream { get; }

    public IScheduler Scheduler => _scheduler;

    /// <summary>Messages told here are published as <see cref="DeadLetter"/>.</summary>
    public IActorRef DeadLetters => _deadLetters;

    /// <summary>Completes when every actor has stopped after <see cref="Terminate"/>.</summary>
    public Task WhenTerminated => _terminated.Task;

    internal bool IsTerminating => Volatile.Read(ref _terminating) != 0;

    internal DeadLetterActorRef DeadLettersRef => _deadLetters;

    internal KernelLog Log { get; }

    /// <summary>Starts a top-level actor under /user.</summary>
    public IActorRef ActorOf(Props props, string? name = null) => _userGuardian.ActorOf(props, name);

    /// <summary>Starts an infrastructure actor under /system (sharding regions, singletons).</summary>
    public IActorRef SystemActorOf(Props props, string? name = null) => _systemGuardian.ActorOf(props, name);

    /// <summary>Stops any actor of this system (asynchronously).</summary>
    public void Stop(IActorRef actor)
    {
        if (actor is IInternalActorRef target)
        {
            target.SendSystemMessage(global::Akka.Mta.Actors.Terminate.Instance);
        }
    }

    /// <summary>One instance of <typeparamref name="T"/> per system (ClusterSharding.Get and the like).</summary>
    public T GetOrAddExtension<T>(Func<ActorSystem, T> create) where T : class =>
        (T)_extensions.GetOrAdd(typeof(T), static (_, state) => state.create(state.system), (create, system: this));

    /// <summary>Stops /user (children first), then /system; the task completes when all have stopped.</summary>
    public Task Terminate()
    {
        if (Interlocked.Exchange(ref _terminating, 1) == 0)
        {
            _userGuardian.Self.SendSystemMessage(global::Akka.Mta.Actors.Terminate.Instance);
        }
        return WhenTerminated;
    }

    internal void OnGuardianTerminated(IActorRef guardian)
    {
        if (ReferenceEquals(guardian, _userGuardian.Self))
        {
            Interlocked.Exchange(ref _terminating, 1);
            _systemGuardian.Self.SendSystemMessage(global::Akka.Mta.Actors.Terminate.Instance);
        }
        else if (ReferenceEquals(guardian, _systemGuardian.Self))
        {
            _scheduler.Shutdown();
            _terminated.TrySetResult();
        }
    }

    public void Dispose()
    {
        if (!Terminate().Wait(TimeSpan.FromSeconds(10)))
        {
            Log.TerminationSlow(Name);
        }
    }

    public async ValueTask DisposeAsync() => await Terminate().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);

    /// <summary>Every live actor with its state, one per line (for diagnosing a shutdown that hangs).</summary>
    internal string DescribeLiveActors()
    {
        var lines = new List<string>();
        _userGuardian.Describe(lines, 0);
        _systemGuardian.Describe(lines, 0);
        return string.Join(Environment.NewLine, lines);
    }

    public override string ToString() => $"akka://{Name}";
}
