namespace Akka.Mta.Actors;

/// <summary>
/// An actor whose behaviours are lists of typed handlers registered in the constructor (or in a
/// Become configure action), tried in registration order: the first whose type and predicate
/// match handles the message. <see cref="ReceiveAsync{T}"/> handlers hold the mailbox until
/// their task completes.
/// </summary>
public abstract class ReceiveActor : ActorBase
{
    private readonly HandlerSet _initial = new();
    private HandlerSet? _configuring;

    protected ReceiveActor()
    {
        _configuring = _initial;
    }

    protected sealed override bool Receive(object message) => _initial.TryHandle(message);

    // Once the constructor has run, registering outside Become is an error.
    internal override void AfterConstruction() => _configuring = null;

    protected void Receive<T>(Action<T> handler, Predicate<T>? shouldHandle = null) =>
        Configuring().Add(new ActionHandler<T>(handler, shouldHandle));

    protected void Receive<T>(Predicate<T> shouldHandle, Action<T> handler) =>
        Configuring().Add(new ActionHandler<T>(handler, shouldHandle));

    /// <summary>A handler that says whether it handled the message.</summary>
    protected void Receive<T>(Func<T, bool> handler) =>
        Configuring().Add(new FuncHandler<T>(handler));

    protected void ReceiveAsync<T>(Func<T, Task> handler, Predicate<T>? shouldHandle = null) =>
        Configuring().Add(new AsyncHandler<T>(this, handler, shouldHandle));

    protected void ReceiveAsync<T>(Predicate<T> shouldHandle, Func<T, Task> handler) =>
        Configuring().Add(new AsyncHandler<T>(this, handler, shouldHandle));

    protected void ReceiveAny(Action<object> handler) =>
        Configuring().Add(new ActionHandler<object>(handler, null));

    protected void ReceiveAnyAsync(Func<object, Task> handler) =>
        Configuring().Add(new AsyncHandler<object>(this, handler, null));

    /// <summary>Replaces the behaviour with the handlers <paramref name="configure"/> registers.</summary>
    protected void Become(Action configure) => Become(Build(configure));

    /// <summary>Pushes the handlers <paramref name="configure"/> registers; UnbecomeStacked returns.</summary>
    protected void BecomeStacked(Action configure) => BecomeStacked(Build(configure));

    private Receive Build(Action configure)
    {
        var previous = _configuring;
        var set = new HandlerSet();
        _configuring = set;
        try
        {
            configure();
        }
        finally
        {
            _configuring = previous;
        }
        return set.TryHandle;
    }

    private HandlerSet Configuring() => _configuring ?? throw new IllegalActorStateException(
        $"{GetType().Name}: Receive handlers can only be registered in the constructor or inside Become(() => ...).");

    internal void RunAsyncHandler(Func<Task> step) => RunTask(step);
}
