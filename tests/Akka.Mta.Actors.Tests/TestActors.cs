namespace Akka.Mta.Tests.Actors;

/// <summary>Replies with every message it gets.</summary>
public sealed class EchoActor : ReceiveActor
{
    public EchoActor() => ReceiveAny(m => Sender.Tell(m));
}

/// <summary>Forwards every message to a probe, keeping the sender.</summary>
public sealed class ForwardingActor : ReceiveActor
{
    public ForwardingActor(IActorRef target) => ReceiveAny(m => target.Forward(m));
}

/// <summary>Reports its lifecycle hooks to a probe as strings.</summary>
public class LifecycleActor : ReceiveActor
{
    private readonly IActorRef _probe;
    private int _state;

    public LifecycleActor(IActorRef probe)
    {
        _probe = probe;
        Receive<string>(s => s == "throw", _ => throw new InvalidOperationException("boom"));
        Receive<string>(s => s == "state", _ => Sender.Tell(_state));
        Receive<string>(s => s == "inc", _ => _state++);
        Receive<string>(s => _probe.Tell($"got {s}"));
    }

    protected override void PreStart() => _probe.Tell("PreStart");

    protected override void PostStop() => _probe.Tell("PostStop");

    protected override void PreRestart(Exception reason, object? message)
    {
        _probe.Tell($"PreRestart {reason.Message} {message}");
        base.PreRestart(reason, message);
    }

    protected override void PostRestart(Exception reason)
    {
        _probe.Tell($"PostRestart {reason.Message}");
        base.PostRestart(reason);
    }
}

/// <summary>Supervises one child with the given strategy and hands its ref back on "child".</summary>
public sealed class Supervisor : ReceiveActor
{
    private readonly SupervisorStrategy _strategy;

    public Supervisor(Props childProps, SupervisorStrategy strategy)
    {
        _strategy = strategy;
        var child = Context.ActorOf(childProps, "child");
        Receive<string>(s => s == "child", _ => Sender.Tell(child));
    }

    protected override SupervisorStrategy SupervisorStrategy() => _strategy;
}
