using Akka.Mta.Actors;

namespace Akka.Mta.Cluster;

/// <summary>
/// The ref callers get for a region or singleton: it checks, on the caller's thread, that what it
/// is told is a registered (and, when asked, round-tripping) message type, then passes it on. A
/// cluster provider needs the same of every message, so the check fails loudly here already.
/// </summary>
internal sealed class ValidatingActorRef(IInternalActorRef inner, string destination, Func<object, object> check) : IInternalActorRef
{
    public ActorPath Path => inner.Path;

    public ActorSystem System => inner.System;

    public bool IsTerminated => inner.IsTerminated;

    internal IInternalActorRef Inner => inner;

    public void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        inner.Tell(check(message), sender);
    }

    public void SendSystemMessage(SystemMessage message) => inner.SendSystemMessage(message);

    public override string ToString() => $"[{Path}] ({destination})";
}
