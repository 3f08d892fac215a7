namespace Akka.Mta.Actors;

/// <summary>/user and /system: they only supervise; escalation stops the failed child.</summary>
internal sealed class GuardianActor(SupervisorStrategy strategy) : ActorBase
{
    private readonly SupervisorStrategy _strategy = new GuardianStrategy(strategy);

    protected override bool Receive(object message) => false;

    protected override SupervisorStrategy SupervisorStrategy() => _strategy;

    private sealed class GuardianStrategy(SupervisorStrategy inner) : SupervisorStrategy
    {
        public override int MaxNumberOfRetries => inner.MaxNumberOfRetries;

        public override TimeSpan? WithinTimeRange => inner.WithinTimeRange;

        public override Directive Decide(Exception exception)
        {
            var directive = inner.Decide(exception);
            return directive == Directive.Escalate ? Directive.Stop : directive;
        }
    }
}

/// <summary>The parent of the guardians: it only learns when they have stopped.</summary>
internal sealed class RootGuardianRef(ActorSystem system, ActorPath path) : IInternalActorRef
{
    public ActorPath Path { get; } = path;

    public ActorSystem System => system;

    public bool IsTerminated => false;

    public void Tell(object message, IActorRef? sender) => system.DeadLettersRef.Publish(message, sender, this);

    public void SendSystemMessage(SystemMessage message)
    {
        switch (message)
        {
            case ChildTerminated terminated:
                system.OnGuardianTerminated(terminated.Child);
                break;
            case Failed failed:
                system.Log.ActorFailed(failed.Cause, failed.Child.Path.ToString(), Directive.Stop);
                failed.Child.SendSystemMessage(Terminate.Instance);
                break;
        }
    }
}
