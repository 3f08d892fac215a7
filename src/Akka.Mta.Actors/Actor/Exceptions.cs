namespace Akka.Mta.Actors;

/// <summary>Base of the kernel's exceptions.</summary>
public class AkkaException : Exception
{
    public AkkaException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}

/// <summary>An Ask got no reply in time.</summary>
public sealed class AskTimeoutException : AkkaException
{
    public AskTimeoutException(string message) : base(message)
    {
    }
}

/// <summary>Thrown in an actor by <see cref="Kill"/>.</summary>
public sealed class ActorKilledException : AkkaException
{
    public ActorKilledException(string message) : base(message)
    {
    }
}

/// <summary>An actor got a <see cref="Terminated"/> it did not handle for an actor it watched.</summary>
public sealed class DeathPactException : AkkaException
{
    public DeathPactException(IActorRef deadActor) : base($"Monitored actor [{deadActor.Path}] terminated and the Terminated message was not handled.")
    {
        DeadActor = deadActor;
    }

    public IActorRef DeadActor { get; }
}

/// <summary>The actor's constructor, PreStart or PostRestart failed.</summary>
public sealed class ActorInitializationException : AkkaException
{
    public ActorInitializationException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}

/// <summary>A child name is malformed or already taken.</summary>
public sealed class InvalidActorNameException : AkkaException
{
    public InvalidActorNameException(string message) : base(message)
    {
    }
}

/// <summary>An actor API was used in a way its state forbids (stashing twice, registering handlers late).</summary>
public sealed class IllegalActorStateException : AkkaException
{
    public IllegalActorStateException(string message) : base(message)
    {
    }
}
