using Akka.Mta.Actors;

namespace Akka.Mta.Cluster;

/// <summary>
/// The local singleton manager: runs the singleton as its child "singleton", restarts it on failure
/// (default supervision), starts it again on the next message if it stopped, and passes every
/// message on with its sender.
/// </summary>
internal sealed class SingletonManagerActor : ReceiveActor
{
    private readonly SingletonSpec _spec;
    private readonly ClusterLog _log;
    private IActorRef? _singleton;

    public SingletonManagerActor(SingletonSpec spec)
    {
        _spec = spec;
        _log = ClusterLog.For(Context.System);
        Receive<Terminated>(t => ReferenceEquals(t.ActorRef, _singleton), _ =>
        {
            _singleton = null;
            _log.SingletonStopped(_spec.Name);
        });
        ReceiveAny(message => Singleton().Tell(message, Sender));
    }

    protected override void PreStart() => Singleton();

    private IActorRef Singleton()
    {
        if (_singleton is null)
        {
            _singleton = Context.ActorOf(_spec.Props, "singleton");
            Context.Watch(_singleton);
        }
        return _singleton;
    }
}
