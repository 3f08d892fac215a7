namespace Akka.Mta.Actors;

/// <summary>Anything a message can be told to: actor refs, region and singleton proxies.</summary>
public interface ICanTell
{
    /// <summary>Enqueues <paramref name="message"/>; <paramref name="sender"/> is what the receiver sees as Sender (null: no sender).</summary>
    void Tell(object message, IActorRef? sender);
}

/// <summary>An immutable, thread-safe handle to an actor. Equal refs denote the same incarnation.</summary>
public interface IActorRef : ICanTell
{
    ActorPath Path { get; }
}

/// <summary>
/// A ref the kernel can send lifecycle (system) messages to. Public so that decorating refs in other
/// assemblies (shard region and singleton proxies) can forward them, as in Akka.NET.
/// </summary>
public interface IInternalActorRef : IActorRef
{
    ActorSystem System { get; }

    /// <summary>True once the actor has stopped for good.</summary>
    bool IsTerminated { get; }

    void SendSystemMessage(SystemMessage message);
}

/// <summary>Well-known refs.</summary>
public static class ActorRefs
{
    /// <summary>Tell's "no sender": the receiver's Sender is then the system's dead letters.</summary>
    public static readonly IActorRef? NoSender = null;

    /// <summary>A ref that never answers (Child of a missing name): messages go to dead letters.</summary>
    public static IActorRef Nobody => Actors.Nobody.Instance;
}
