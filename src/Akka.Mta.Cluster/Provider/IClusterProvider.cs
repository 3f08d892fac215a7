using Akka.Mta.Actors;

namespace Akka.Mta.Cluster;

/// <summary>What a provider needs to start a shard region.</summary>
public sealed record ShardRegionSpec(
    string TypeName,
    Func<string, Props> EntityProps,
    ClusterShardingSettings Settings,
    IMessageExtractor Extractor);

/// <summary>What a provider needs to start a singleton and its proxy.</summary>
public sealed record SingletonSpec(string Name, Props Props, ClusterSingletonSettings Settings);

/// <summary>
/// Where shards and singletons live: <see cref="LocalClusterProvider"/> (everything in this process)
/// or a cluster provider (leases and node-to-node transport). Domain code never sees which one.
/// Providers return the refs that callers Tell; those refs check message registration.
/// </summary>
public interface IClusterProvider
{
    string Name { get; }

    IActorRef StartShardRegion(ActorSystem system, ShardRegionSpec spec);

    IActorRef StartSingleton(ActorSystem system, SingletonSpec spec);
}

/// <summary>The provider of an actor system; set it before the first ClusterSharding or ClusterSingleton use.</summary>
public sealed class ClusterProvider
{
    private IClusterProvider _provider = new LocalClusterProvider();
    private bool _used;

    private ClusterProvider()
    {
    }

    public static ClusterProvider Get(ActorSystem system) => system.GetOrAddExtension(static _ => new ClusterProvider());

    public IClusterProvider Current
    {
        get
        {
            _used = true;
            return _provider;
        }
    }

    /// <summary>Chooses the provider; fails once regions or singletons have been started with another.</summary>
    public void Use(IClusterProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        if (_used && !ReferenceEquals(provider, _provider))
        {
            throw new InvalidOperationException($"The cluster provider is already in use ({_provider.Name}); choose it before starting regions or singletons.");
        }
        _provider = provider;
    }
}
