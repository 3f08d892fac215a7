using Akka.Actor;
using Akka.Cluster.Tools.Singleton;
using Akka.Pattern;

namespace Akka.Mta.Delivery.Clustering;

/// <summary>
/// Starts a cluster singleton (Akka.Cluster.Tools) and its proxy on this node. The singleton runs
/// under a backoff supervisor: a persistent singleton whose store fails stops, and is started again
/// (recovering its state) after a growing pause instead of staying stopped until a failover.
/// </summary>
internal static class Singletons
{
    public static IActorRef Start(ActorSystem system, string name, Props props)
    {
        var supervised = BackoffSupervisor.Props(Backoff.OnStop(props, name, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2, -1));
        system.ActorOf(ClusterSingletonManager.Props(supervised, PoisonPill.Instance, ClusterSingletonManagerSettings.Create(system)), name);
        return system.ActorOf(ClusterSingletonProxy.Props($"/user/{name}", ClusterSingletonProxySettings.Create(system)), name + "-proxy");
    }
}
