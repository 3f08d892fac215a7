namespace Akka.Mta.Actors;

/// <summary>The ref of an actor in this process: Tell enqueues straight into its mailbox.</summary>
internal sealed class LocalActorRef : IInternalActorRef
{
    private readonly ActorCell _cell;

    public LocalActorRef(ActorCell cell, ActorPath path)
    {
        _cell = cell;
        Path = path;
    }

    public ActorPath Path { get; }

    public ActorSystem System => _cell.System;

    public bool IsTerminated => _cell.IsTerminated;

    internal ActorCell Cell => _cell;

    public void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        _cell.Mailbox.Post(new Envelope(message, sender));
    }

    public void SendSystemMessage(SystemMessage message) => _cell.Mailbox.PostSystem(message);

    public override string ToString() => $"[{Path}]";
}
