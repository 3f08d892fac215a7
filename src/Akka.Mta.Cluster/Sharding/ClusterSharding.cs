using System.Collections.Concurrent;
using Akka.Mta.Actors;

namespace Akka.Mta.Cluster;

/// <summary>
/// Starts shard regions (Akka's ClusterSharding extension): <c>ClusterSharding.Get(system).Start(
/// "queue", id =&gt; Props.Create(() =&gt; new QueueEntity(id)), extractor)</c> returns the region ref.
/// Tell it messages for any entity; the entity starts on its first message.
/// </summary>
public sealed class ClusterSharding
{
    private readonly ActorSystem _system;
    private readonly ConcurrentDictionary<string, Lazy<IActorRef>> _regions = new(StringComparer.Ordinal);

    private ClusterSharding(ActorSystem system) => _system = system;

    public static ClusterSharding Get(ActorSystem system) => system.GetOrAddExtension(static s => new ClusterSharding(s));

    public IActorRef Start(string typeName, Func<string, Props> entityPropsFactory, IMessageExtractor messageExtractor, ClusterShardingSettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(typeName);
        ArgumentNullException.ThrowIfNull(entityPropsFactory);
        ArgumentNullException.ThrowIfNull(messageExtractor);
        var spec = new ShardRegionSpec(typeName, entityPropsFactory, settings ?? ClusterShardingSettings.Default, messageExtractor);
        var lazy = _regions.GetOrAdd(typeName, _ => new Lazy<IActorRef>(() => ClusterProvider.Get(_system).Current.StartShardRegion(_system, spec)));
        return lazy.Value;
    }

    /// <summary>As Start with one Props for every entity (the entity id is its actor name: Self.Path.Name, unescaped).</summary>
    public IActorRef Start(string typeName, Props entityProps, IMessageExtractor messageExtractor, ClusterShardingSettings? settings = null) =>
        Start(typeName, _ => entityProps, messageExtractor, settings);

    /// <summary>The region started for <paramref name="typeName"/>.</summary>
    public IActorRef ShardRegion(string typeName) =>
        _regions.TryGetValue(typeName, out var region) ? region.Value : throw new ArgumentException($"No shard region \"{typeName}\" has been started.", nameof(typeName));

    public IReadOnlyCollection<string> ShardTypeNames => _regions.Keys.ToList();
}
