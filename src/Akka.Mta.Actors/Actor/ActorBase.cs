namespace Akka.Mta.Actors;

/// <summary>
/// The base of every actor. Create actors only through <see cref="Props"/> and ActorOf: the
/// constructor binds the instance to its cell. Override the lifecycle hooks as in Akka.
/// </summary>
public abstract class ActorBase
{
    private readonly ActorCell _cell;
    private SupervisorStrategy? _supervisorStrategy;

    protected ActorBase()
    {
        var cell = ActorCell.Current;
        if (cell is null || !cell.IsConstructing)
        {
            throw new ActorInitializationException(
                $"{GetType().Name} must be created by the actor system (Props.Create and ActorOf), not with 'new'.");
        }
        _cell = cell;
    }

    /// <summary>This actor's context (valid in the actor's own message processing).</summary>
    protected IActorContext Context => _cell;

    protected IActorRef Self => _cell.Self;

    /// <summary>Sender of the current message; dead letters when there is none.</summary>
    protected IActorRef Sender => _cell.Sender;

    internal ActorCell Cell => _cell;

    /// <summary>The initial behaviour.</summary>
    protected abstract bool Receive(object message);

    /// <summary>
    /// Every user message passes here on its way to the current behaviour (Akka's AroundReceive):
    /// a base class (e.g. a persistent actor recovering or persisting) can hold messages back or
    /// handle them first. Return false when the message was not handled.
    /// </summary>
    protected virtual bool AroundReceive(Receive receive, object message) => receive(message);

    /// <summary>A further stash of this incarnation (e.g. a persistent actor's internal stash); UnstashAll puts its messages in front of the mailbox.</summary>
    protected IStash CreateStash() => new UnboundedStash(_cell);

    protected virtual void PreStart()
    {
    }

    protected virtual void PostStop()
    {
    }

    /// <summary>Called on the failed instance before a restart; by default stops every child and calls PostStop.</summary>
    protected virtual void PreRestart(Exception reason, object? message)
    {
        foreach (var child in Context.GetChildren().ToList())
        {
            Context.Unwatch(child);
            Context.Stop(child);
        }
        PostStop();
    }

    /// <summary>Called on the fresh instance after a restart; by default calls PreStart.</summary>
    protected virtual void PostRestart(Exception reason) => PreStart();

    /// <summary>
    /// Called for a message no behaviour handled: an unhandled <see cref="Terminated"/> throws
    /// <see cref="DeathPactException"/>; anything else is published as <see cref="UnhandledMessage"/>.
    /// </summary>
    protected virtual void Unhandled(object message)
    {
        if (message is Terminated terminated)
        {
            throw new DeathPactException(terminated.ActorRef);
        }
        _cell.PublishUnhandled(message);
    }

    /// <summary>How this actor supervises its children (the default restarts them on any exception).</summary>
    protected virtual SupervisorStrategy SupervisorStrategy() => Actors.SupervisorStrategy.DefaultStrategy;

    protected void Become(Receive receive) => Context.Become(receive);

    protected void BecomeStacked(Receive receive) => Context.BecomeStacked(receive);

    protected void UnbecomeStacked() => Context.UnbecomeStacked();

    protected void SetReceiveTimeout(TimeSpan? timeout) => Context.SetReceiveTimeout(timeout);

    /// <summary>
    /// Runs an async step and holds the mailbox until its task completes, as Akka's RunTask:
    /// no other message is processed meanwhile, and continuations run as this actor.
    /// A faulted task fails the actor (its supervisor decides).
    /// </summary>
    protected void RunTask(Func<Task> action) => _cell.RunTask(action);

    internal virtual void AfterConstruction()
    {
    }

    internal Receive InitialBehavior() => Receive;

    internal bool InvokeAroundReceive(Receive receive, object message) => AroundReceive(receive, message);

    internal void AroundPreStart() => PreStart();

    internal void AroundPostStop() => PostStop();

    internal void AroundPreRestart(Exception reason, object? message) => PreRestart(reason, message);

    internal void AroundPostRestart(Exception reason) => PostRestart(reason);

    internal void AroundUnhandled(object message) => Unhandled(message);

    internal SupervisorStrategy GetSupervisorStrategy() => _supervisorStrategy ??= SupervisorStrategy();
}
