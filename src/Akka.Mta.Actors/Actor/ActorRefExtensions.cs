namespace Akka.Mta.Actors;

/// <summary>Tell with the implicit sender (the current actor, or none outside actors) and Forward.</summary>
public static class ActorRefExtensions
{
    /// <summary>Tells with the current actor as sender when called from inside an actor, else with no sender.</summary>
    public static void Tell(this ICanTell receiver, object message) =>
        receiver.Tell(message, ActorCell.Current?.Self);

    /// <summary>Tells keeping the sender of the message being processed (only inside an actor).</summary>
    public static void Forward(this ICanTell receiver, object message)
    {
        var cell = ActorCell.Current ?? throw new InvalidOperationException("Forward can only be used inside an actor; use Tell(message, sender) elsewhere.");
        receiver.Tell(message, cell.CurrentEnvelope.Sender);
    }

    /// <summary>True when the ref is null or <see cref="ActorRefs.Nobody"/>.</summary>
    public static bool IsNobody(this IActorRef? actorRef) => actorRef is null || actorRef is Nobody;
}
