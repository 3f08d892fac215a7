using System.Collections.Immutable;

namespace Akka.Mta.Actors;

/// <summary>
/// The home of one actor: its mailbox, current instance, behaviour stack, children, watchers and
/// supervision state. Everything here except the mailbox queues is touched only by the thread
/// running the mailbox, one at a time, so it needs no locks.
/// </summary>
internal sealed partial class ActorCell : IActorContext
{
    [ThreadStatic]
    private static ActorCell? t_current;

    private readonly IInternalActorRef _parent;
    private readonly List<Receive> _behaviors = [];
    private ActorBase? _actor;
    private Receive? _receive;
    private Envelope _currentEnvelope;
    private bool _constructing;
    private TimerScheduler? _timers;

    public ActorCell(ActorSystem system, Props props, ActorPath path, IInternalActorRef parent)
    {
        System = system;
        Props = props;
        _parent = parent;
        Self = new LocalActorRef(this, path);
        Mailbox = new Mailbox(this, system.Settings.Throughput);
        Self.Bind(Mailbox);
    }

    /// <summary>The cell whose mailbox (or async continuation) runs on this thread.</summary>
    internal static ActorCell? Current
    {
        get => t_current;
        set => t_current = value;
    }

    public ActorSystem System { get; }

    public Props Props { get; }

    public LocalActorRef Self { get; }

    IActorRef IActorContext.Self => Self;

    public IActorRef Parent => _parent;

    public Mailbox Mailbox { get; }

    public IActorRef Sender => _currentEnvelope.Sender ?? System.DeadLetters;

    public Envelope CurrentEnvelope => _currentEnvelope;

    public bool IsConstructing => _constructing;

    private TimerScheduler Timers => _timers ??= new TimerScheduler(this);

    public ActorBase? Actor => _actor;

    internal bool CanProcessUserMessages => _actor is not null && !_suspended && !_terminating && _pendingRecreate is null;

    /// <summary>Processes one user message; a thrown exception suspends the actor and goes to its supervisor.</summary>
    public void Invoke(Envelope envelope)
    {
        _currentEnvelope = envelope;
        var message = envelope.Message;
        try
        {
            if (message is IAutoReceivedMessage)
            {
                var inner = AutoReceive(message);
                if (inner is null)
                {
                    return;
                }
                message = inner;
                _currentEnvelope = new Envelope(inner, envelope.Sender);
            }
            if (_receiveTimeout is not null && message is not INotInfluenceReceiveTimeout)
            {
                _lastActivity = System.TimeProvider.GetTimestamp();
            }
            if (!_actor!.InvokeAroundReceive(_receive!, message))
            {
                _actor!.AroundUnhandled(message);
            }
            if (_pendingTask is not null)
            {
                BeginAwait();
            }
        }
        catch (Exception exception)
        {
            _pendingTask = null;
            HandleInvokeFailure(exception);
        }
    }

    private object? AutoReceive(object message)
    {
        switch (message)
        {
            case PoisonPill:
                Mailbox.PostSystem(Terminate.Instance);
                return null;
            case Kill:
                throw new ActorKilledException($"Kill message received by {Self.Path}");
            case TimerMessage timer:
                return _timers is not null && _timers.TryTake(timer, out var timed) ? timed : null;
            case ReceiveTimeoutTick tick:
                return OnReceiveTimeoutTick(tick);
            default:
                return message;
        }
    }

    public void Become(Receive receive)
    {
        if (_behaviors.Count > 0)
        {
            _behaviors.RemoveAt(_behaviors.Count - 1);
        }
        BecomeStacked(receive);
    }

    public void BecomeStacked(Receive receive)
    {
        ArgumentNullException.ThrowIfNull(receive);
        _behaviors.Add(receive);
        _receive = receive;
    }

    public void UnbecomeStacked()
    {
        if (_behaviors.Count > 1)
        {
            _behaviors.RemoveAt(_behaviors.Count - 1);
        }
        else if (_behaviors.Count == 1 && _actor is not null)
        {
            _behaviors[0] = _actor.InitialBehavior();
        }
        _receive = _behaviors.Count > 0 ? _behaviors[^1] : null;
    }

    private void CreateActorInstance()
    {
        _behaviors.Clear();
        _receive = null;
        _actor = null;
        _constructing = true;
        ActorBase actor;
        try
        {
            actor = Props.NewActor();
        }
        finally
        {
            _constructing = false;
        }
        actor.AfterConstruction();
        _behaviors.Insert(0, actor.InitialBehavior());
        _receive = _behaviors[^1];
        if (actor is IActorStash withStash)
        {
            withStash.Stash = new UnboundedStash(this);
        }
        if (actor is IWithTimers withTimers)
        {
            withTimers.Timers = Timers;
        }
        _actor = actor;
    }

    internal void PublishUnhandled(object message)
    {
        System.EventStream.Publish(new UnhandledMessage(message, _currentEnvelope.Sender, Self));
        System.Log.UnhandledMessageLogged(message.GetType().Name, Self.Path.ToString());
    }

    public override string ToString() => $"ActorCell({Self.Path})";
}
