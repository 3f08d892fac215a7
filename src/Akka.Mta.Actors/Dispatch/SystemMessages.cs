namespace Akka.Mta.Actors;

/// <summary>
/// Lifecycle messages between cells (create, stop, supervise, watch). They go through their own
/// queue and are processed before user messages. Only the kernel creates them.
/// </summary>
public abstract class SystemMessage
{
    private protected SystemMessage()
    {
    }
}

internal sealed class Create : SystemMessage
{
    public static readonly Create Instance = new();
}

internal sealed class Terminate : SystemMessage
{
    public static readonly Terminate Instance = new();
}

/// <summary>From the supervisor: restart after <see cref="Cause"/>.</summary>
internal sealed class Recreate(Exception cause) : SystemMessage
{
    public Exception Cause { get; } = cause;
}

/// <summary>From the supervisor: resume after a failure (the failed message is dropped).</summary>
internal sealed class Resume : SystemMessage
{
    public static readonly Resume Instance = new();
}

/// <summary>To the supervisor: <see cref="Child"/> failed and is suspended until told what to do.</summary>
internal sealed class Failed(IInternalActorRef child, Exception cause) : SystemMessage
{
    public IInternalActorRef Child { get; } = child;

    public Exception Cause { get; } = cause;
}

internal sealed class Watch(IInternalActorRef watchee, IInternalActorRef watcher) : SystemMessage
{
    public IInternalActorRef Watchee { get; } = watchee;

    public IInternalActorRef Watcher { get; } = watcher;
}

internal sealed class Unwatch(IInternalActorRef watchee, IInternalActorRef watcher) : SystemMessage
{
    public IInternalActorRef Watchee { get; } = watchee;

    public IInternalActorRef Watcher { get; } = watcher;
}

/// <summary>To a watcher: <see cref="Actor"/> is gone.</summary>
internal sealed class DeathWatchNotification(IActorRef actor, bool existenceConfirmed) : SystemMessage
{
    public IActorRef Actor { get; } = actor;

    public bool ExistenceConfirmed { get; } = existenceConfirmed;
}

/// <summary>To a parent: its child finished stopping.</summary>
internal sealed class ChildTerminated(IInternalActorRef child) : SystemMessage
{
    public IInternalActorRef Child { get; } = child;
}
