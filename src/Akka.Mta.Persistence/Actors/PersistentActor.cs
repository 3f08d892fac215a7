using Akka.Mta.Actors;
using Akka.Mta.Persistence.Journal;
using Akka.Mta.Persistence.Snapshots;

namespace Akka.Mta.Persistence.Actors;

/// <summary>
/// An event-sourced actor in the kernel's ReceiveActor idiom (Akka.NET's ReceivePersistentActor).
/// Register <see cref="Recover{T}"/> handlers for events and snapshots and <see cref="Command{T}"/>
/// handlers for messages in the constructor. On start (and restart) the actor replays its latest
/// snapshot and the events after it through the Recover handlers before any command runs; commands
/// that arrive meanwhile are stashed and handled afterwards, in order.
/// <code>
///   Created ──PreStart──► Recovering ──snapshot + events replayed──► Running
///                          (commands stashed)                          │ Persist: the mailbox waits until the
///                                                                      │ events are durable and their handlers ran
/// </code>
/// A command handler calls <see cref="Persist{TEvent}"/> / <see cref="PersistAll{TEvent}"/>; when the
/// handler returns, everything it persisted is appended to the journal in one atomic write, then each
/// event's handler runs, and only then does the next message get processed. A failed append calls
/// <see cref="OnPersistFailure"/> (by default the actor fails and its supervisor restarts it, which
/// recovers the journal's truth). Handlers registered with plain Receive bypass all of this: use Command.
/// </summary>
public abstract partial class PersistentActor : ReceiveActor, IWithUnboundedStash
{
    private readonly IEventJournal _journal;
    private readonly ISnapshotStore _snapshots;
    private readonly TimeProvider _time;
    private readonly List<(Type Type, Action<object> Handler)> _recoverHandlers = [];

    protected PersistentActor(IPersistenceStore store, IPersistenceSerializer? serializer = null)
        : this(store.Journal, store.Snapshots, serializer)
    {
    }

    protected PersistentActor(IEventJournal journal, ISnapshotStore snapshots, IPersistenceSerializer? serializer = null)
    {
        _journal = journal ?? throw new ArgumentNullException(nameof(journal));
        _snapshots = snapshots ?? throw new ArgumentNullException(nameof(snapshots));
        Serializer = serializer ?? JsonPersistenceSerializer.Default;
        _time = Context.System.TimeProvider;
        Receive<RecoveryStart>(_ => StartRecovery());
    }

    /// <summary>The id of this actor's journal and snapshots; stable across incarnations and nodes.</summary>
    public abstract string PersistenceId { get; }

    /// <summary>Set by the kernel before PreStart.</summary>
    public IStash Stash { get; set; } = null!;

    /// <summary>The sequence number of the last event persisted or replayed (0 before any).</summary>
    public long LastSequenceNr { get; private set; }

    /// <summary>True from start until the snapshot and events have been replayed.</summary>
    public bool IsRecovering { get; private set; } = true;

    protected IPersistenceSerializer Serializer { get; }

    /// <summary>
    /// Handles a recovered value of type T: an event, a <see cref="SnapshotOffer"/> or
    /// <see cref="RecoveryCompleted"/>. The first registered handler whose type matches wins; a recovered
    /// value no handler matches is skipped.
    /// </summary>
    protected void Recover<T>(Action<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _recoverHandlers.Add((typeof(T), value => handler((T)value)));
    }

    /// <summary>Handles a command once recovery is done; events it persists are written when it returns.</summary>
    protected void Command<T>(Action<T> handler, Predicate<T>? shouldHandle = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Receive<T>(command =>
        {
            if (IsRecovering)
            {
                Stash.Stash();
                return;
            }
            RunCommand(() => handler(command));
        }, shouldHandle);
    }

    /// <summary>An async command handler: the mailbox waits for its task and for the events it persisted.</summary>
    protected void CommandAsync<T>(Func<T, Task> handler, Predicate<T>? shouldHandle = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Receive<T>(command =>
        {
            if (IsRecovering)
            {
                Stash.Stash();
                return;
            }
            RunTask(async () =>
            {
                _inCommand = true;
                try
                {
                    await handler(command);
                }
                catch
                {
                    _pending.Clear();
                    throw;
                }
                finally
                {
                    _inCommand = false;
                }
                await PersistPendingAsync();
            });
        }, shouldHandle);
    }

    /// <summary>Handles any command no earlier Command handler took.</summary>
    protected void CommandAny(Action<object> handler) => Command(handler);

    /// <summary>Starts recovery; an override must call it (or recovery never runs and commands stay stashed).</summary>
    protected override void PreStart()
    {
        IsRecovering = true;
        Self.Tell(new RecoveryStart(), Self);
    }

    /// <summary>
    /// Recovery failed (the store is unreachable, an event cannot be deserialized): by default the
    /// failure is logged and the actor stops, as Akka's do, rather than restart into the same failure.
    /// </summary>
    protected virtual void OnRecoveryFailure(Exception cause)
    {
        PersistentActorLog.RecoveryFailed(Logger, cause, PersistenceId, Self.Path.ToString());
        Context.Stop(Self);
    }

    /// <summary>
    /// An append failed: the events were not applied and their handlers did not run. By default the
    /// actor fails (its supervisor restarts it and it recovers what the journal holds).
    /// </summary>
    protected virtual void OnPersistFailure(Exception cause, object @event, long sequenceNr) =>
        throw new PersistenceFailureException(PersistenceId, sequenceNr, @event, cause);

    private Microsoft.Extensions.Logging.ILogger Logger => Context.System.LoggerFactory.CreateLogger(GetType().FullName ?? GetType().Name);
}

/// <summary>The journal did not take an actor's events; the actor fails with this unless it overrides OnPersistFailure.</summary>
public sealed class PersistenceFailureException(string persistenceId, long sequenceNr, object @event, Exception cause)
    : Exception($"persisting {@event.GetType().Name} as event {sequenceNr} of \"{persistenceId}\" failed: {cause.Message}", cause)
{
    public string PersistenceId { get; } = persistenceId;

    public long SequenceNr { get; } = sequenceNr;
}
