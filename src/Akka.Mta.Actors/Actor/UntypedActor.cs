namespace Akka.Mta.Actors;

/// <summary>An actor with one receive method; call <see cref="ActorBase.Unhandled"/> for messages it does not know.</summary>
public abstract class UntypedActor : ActorBase
{
    protected sealed override bool Receive(object message)
    {
        OnReceive(message);
        return true;
    }

    protected abstract void OnReceive(object message);
}
