namespace Akka.Mta.Actors;

/// <summary>A behaviour: returns false when it did not handle the message.</summary>
public delegate bool Receive(object message);

/// <summary>What an actor sees of its own cell: identity, children, watch, behaviour, receive timeout.</summary>
public interface IActorContext
{
    IActorRef Self { get; }

    /// <summary>Sender of the message being processed (dead letters when it was sent without one).</summary>
    IActorRef Sender { get; }

    IActorRef Parent { get; }

    ActorSystem System { get; }

    Props Props { get; }

    /// <summary>Starts a child; a null name generates one ("$a1").</summary>
    IActorRef ActorOf(Props props, string? name = null);

    /// <summary>The live child with this name, or <see cref="ActorRefs.Nobody"/>.</summary>
    IActorRef Child(string name);

    IEnumerable<IActorRef> Children { get; }

    IEnumerable<IActorRef> GetChildren();

    /// <summary>Stops a child, self, or any local actor (asynchronously: Terminated tells when it is done).</summary>
    void Stop(IActorRef actor);

    /// <summary>Delivers <see cref="Terminated"/> when <paramref name="subject"/> stops (at once when it already has).</summary>
    IActorRef Watch(IActorRef subject);

    /// <summary>As Watch, delivering <paramref name="message"/> instead of Terminated.</summary>
    IActorRef WatchWith(IActorRef subject, object message);

    IActorRef Unwatch(IActorRef subject);

    /// <summary>Replaces the current behaviour.</summary>
    void Become(Receive receive);

    /// <summary>Pushes a behaviour; <see cref="UnbecomeStacked"/> pops it.</summary>
    void BecomeStacked(Receive receive);

    void UnbecomeStacked();

    /// <summary>Delivers <see cref="Actors.ReceiveTimeout"/> after this long without a message; null turns it off.</summary>
    void SetReceiveTimeout(TimeSpan? timeout);

    TimeSpan? ReceiveTimeout { get; }
}
