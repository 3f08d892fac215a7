using Akka.Mta.Actors;

namespace Akka.Mta.Cluster;

/// <summary>Options of one sharded entity type.</summary>
public sealed record ClusterShardingSettings
{
    public static readonly ClusterShardingSettings Default = new();

    /// <summary>An entity with no message for this long is passivated (null: never). Akka's default: 2 minutes.</summary>
    public TimeSpan? PassivateIdleEntityAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>What the shard sends an entity it passivates for idleness (and, in a cluster, at hand-off).</summary>
    public object HandOffStopMessage { get; init; } = PoisonPill.Instance;

    /// <summary>
    /// Serialize and deserialize every message on the way in, as a cross-node hop would (Akka's
    /// serialize-messages): for tests; costs a JSON round trip per message.
    /// </summary>
    public bool SerializeMessages { get; init; }
}
