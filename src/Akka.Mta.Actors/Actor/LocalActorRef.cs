namespace Akka.Mta.Actors;

/// <summary>The ref of an actor in this process: Tell enqueues straight into its mailbox.</summary>
internal sealed class LocalActorRef : IInternalActorRef
{
    private readonly ActorCell _cell;

    // Read by every sender: kept here, not behind the cell, whose fields the actor writes per message.
    private Mailbox? _mailbox;

    public LocalActorRef(ActorCell cell, ActorPath path)
    {
        _cell = cell;
        Path = path;
    }

    internal void Bind(Mailbox mailbox) => _mailbox = mailbox;

    public ActorPath Path { get; }

    public ActorSystem System => _cell.System;

    public bool IsTerminated => _cell.IsTerminated;

    internal ActorCell Cell => _cell;

    public void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        _mailbox!.Post(new Envelope(message, sender));
    }

    public void SendSystemMessage(SystemMessage message) => _mailbox!.PostSystem(message);

    public override string ToString() => $"[{Path}]";
}
