namespace Akka.Mta.Actors;

/// <summary>
/// Where undeliverable messages go: each becomes a <see cref="DeadLetter"/> on the event stream and
/// a log line (the first <see cref="ActorSystemSettings.LogDeadLetters"/> of them, as Akka does).
/// </summary>
internal sealed class DeadLetterActorRef : IInternalActorRef
{
    private readonly ActorSystem _system;
    private int _logged;

    public DeadLetterActorRef(ActorSystem system, ActorPath path)
    {
        _system = system;
        Path = path;
    }

    public ActorPath Path { get; }

    public ActorSystem System => _system;

    public bool IsTerminated => false;

    public void Tell(object message, IActorRef? sender) => Publish(message, sender, this);

    public void SendSystemMessage(SystemMessage message)
    {
        if (message is Watch watch)
        {
            watch.Watcher.SendSystemMessage(new DeathWatchNotification(watch.Watchee, existenceConfirmed: false));
        }
    }

    public void Publish(object message, IActorRef? sender, IActorRef recipient)
    {
        ArgumentNullException.ThrowIfNull(message);
        // A DeadLetter that could not be delivered (its subscriber stopped) is dropped, not
        // published again: that could loop forever.
        if (message is IDeadLetterSuppression or DeadLetter)
        {
            return;
        }
        var deadLetter = new DeadLetter(message, sender, recipient);
        _system.EventStream.Publish(deadLetter);
        var limit = _system.Settings.LogDeadLetters;
        if (limit <= 0 || (_system.IsTerminating && !_system.Settings.LogDeadLettersDuringShutdown))
        {
            return;
        }
        var count = Interlocked.Increment(ref _logged);
        if (count <= limit)
        {
            _system.Log.DeadLetterLogged(
                deadLetter.Message.GetType().Name,
                deadLetter.Sender?.Path.ToString() ?? "NoSender",
                deadLetter.Recipient.Path.ToString(),
                count);
            if (count == limit)
            {
                _system.Log.DeadLetterLoggingOff(limit);
            }
        }
    }

    public override string ToString() => $"[{Path}]";
}

/// <summary>The ref of no actor: Tell drops, Watch reports it terminated.</summary>
internal sealed class Nobody : IInternalActorRef
{
    public static readonly Nobody Instance = new();

    private Nobody()
    {
    }

    public ActorPath Path { get; } = ActorPath.Root("all-systems").Child("Nobody");

    public ActorSystem System => throw new NotSupportedException("Nobody belongs to no actor system.");

    public bool IsTerminated => true;

    public void Tell(object message, IActorRef? sender)
    {
    }

    public void SendSystemMessage(SystemMessage message)
    {
        if (message is Watch watch)
        {
            watch.Watcher.SendSystemMessage(new DeathWatchNotification(this, existenceConfirmed: false));
        }
    }

    public override string ToString() => "Nobody";
}
