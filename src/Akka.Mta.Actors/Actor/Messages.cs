namespace Akka.Mta.Actors;

/// <summary>Marks a message that must not reset the receive timeout (as Akka's).</summary>
public interface INotInfluenceReceiveTimeout;

/// <summary>Marks a message that is not reported as a dead letter when undeliverable.</summary>
public interface IDeadLetterSuppression;

/// <summary>Handled by the kernel before the actor's behaviour sees a message.</summary>
internal interface IAutoReceivedMessage;

/// <summary>Stops the actor when processed, after the messages enqueued before it.</summary>
public sealed class PoisonPill : IAutoReceivedMessage
{
    public static readonly PoisonPill Instance = new();

    private PoisonPill()
    {
    }

    public override string ToString() => "PoisonPill";
}

/// <summary>Makes the actor fail with <see cref="ActorKilledException"/> (its supervisor decides; by default it stops).</summary>
public sealed class Kill : IAutoReceivedMessage
{
    public static readonly Kill Instance = new();

    private Kill()
    {
    }

    public override string ToString() => "Kill";
}

/// <summary>Delivered to watchers after the watched actor stopped, after every message it sent them.</summary>
public sealed record Terminated(IActorRef ActorRef, bool ExistenceConfirmed, bool AddressTerminated) : IDeadLetterSuppression;

/// <summary>Delivered when no message arrived for the time set with SetReceiveTimeout.</summary>
public sealed class ReceiveTimeout : INotInfluenceReceiveTimeout, IDeadLetterSuppression
{
    public static readonly ReceiveTimeout Instance = new();

    private ReceiveTimeout()
    {
    }

    public override string ToString() => "ReceiveTimeout";
}

/// <summary>Published on the event stream for every message that could not be delivered.</summary>
public sealed record DeadLetter(object Message, IActorRef? Sender, IActorRef Recipient);

/// <summary>Published on the event stream when an actor did not handle a message.</summary>
public sealed record UnhandledMessage(object Message, IActorRef? Sender, IActorRef Recipient);

/// <summary>Replies for Ask: <see cref="Status.Failure"/> fails the asking task.</summary>
public static class Status
{
    public sealed record Success(object? Status);

    public sealed record Failure(Exception Cause, object? State = null);
}
