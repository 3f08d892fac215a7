using Akka.Actor;
using Akka.Mta.Policy;

namespace Akka.Mta.Delivery.Clustering;

/// <summary>
/// Every node runs one at <see cref="Path"/>: the node that takes <c>bump-config-epoch</c> reloads its
/// own policy and tells <see cref="ReloadPolicy"/> to this actor on every other Up member, which
/// reloads that node's policy and answers <see cref="PolicyReloaded"/>.
/// </summary>
public sealed class PolicyReloadActor : ReceiveActor
{
    public const string Name = "policy-reload";
    public const string Path = "/user/" + Name;

    public PolicyReloadActor(IPolicyHost policy, Func<string> nodeName)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(nodeName);
        Receive<ReloadPolicy>(request => Sender.Tell(Answer(nodeName(), policy.Reload(request.AllowDroppedHandlers))));
    }

    public static PolicyReloaded Answer(string node, PolicyReloadResult result) =>
        new(node, result.Epoch, result.Outcome.ToString().ToLowerInvariant(), result.Hash, result.Error?.ToString(), [.. result.DroppedHandlers]);
}

/// <summary>Starts the node's <see cref="PolicyReloadActor"/> at its well-known path.</summary>
public static class PolicyReload
{
    public static IActorRef Start(ActorSystem system, IPolicyHost policy, Func<string> nodeName) =>
        system.ActorOf(Props.Create(() => new PolicyReloadActor(policy, nodeName)), PolicyReloadActor.Name);
}
