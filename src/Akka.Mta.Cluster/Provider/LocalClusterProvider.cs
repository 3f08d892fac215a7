using Akka.Mta.Actors;

namespace Akka.Mta.Cluster;

/// <summary>Every shard and singleton in this process: the single-node provider and the default.</summary>
public sealed class LocalClusterProvider : IClusterProvider
{
    public string Name => "local";

    public IActorRef StartShardRegion(ActorSystem system, ShardRegionSpec spec)
    {
        var region = system.SystemActorOf(Props.Create(() => new ShardRegionActor(spec)), "sharding-" + Uri.EscapeDataString(spec.TypeName));
        var serialization = MessageSerialization.Get(system);
        var destination = $"shard region \"{spec.TypeName}\"";
        return new ValidatingActorRef((IInternalActorRef)region, destination, message =>
        {
            var payload = spec.Extractor.EntityMessage(message) ?? message;
            serialization.EnsureRegistered(payload, destination);
            if (!spec.Settings.SerializeMessages)
            {
                return message;
            }
            var copy = serialization.RoundTrip(payload);
            return message is ShardingEnvelope envelope ? envelope with { Message = copy } : ReferenceEquals(payload, message) ? copy : message;
        });
    }

    public IActorRef StartSingleton(ActorSystem system, SingletonSpec spec)
    {
        var manager = system.SystemActorOf(Props.Create(() => new SingletonManagerActor(spec)), "singletonManager-" + Uri.EscapeDataString(spec.Name));
        var serialization = MessageSerialization.Get(system);
        var destination = $"singleton \"{spec.Name}\"";
        return new ValidatingActorRef((IInternalActorRef)manager, destination, message =>
        {
            serialization.EnsureRegistered(message, destination);
            return spec.Settings.SerializeMessages ? serialization.RoundTrip(message) : message;
        });
    }
}
