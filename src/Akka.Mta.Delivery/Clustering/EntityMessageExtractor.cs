using System.Globalization;
using System.Text;
using Akka.Cluster.Sharding;

namespace Akka.Mta.Delivery.Clustering;

/// <summary>
/// Maps the entity of a <see cref="ShardingEnvelope"/> (the id is the entity's name in the project's
/// grammar: a <c>ScheduledQueueName</c> or an <c>EgressPathId</c>) and the entity to one of
/// <see cref="MaxShards"/> shards by FNV-1a over the id's UTF-8 bytes: the same shard on every node
/// and in every run (string.GetHashCode is randomized per process).
/// </summary>
public sealed class EntityMessageExtractor(int maxShards) : IMessageExtractor
{
    public const int DefaultShards = 100;

    public int MaxShards { get; } = maxShards > 0 ? maxShards : throw new ArgumentOutOfRangeException(nameof(maxShards));

    // Every message for an entity travels in a ShardingEnvelope, which the shard region unwraps
    // itself (asking only for the shard of its entity id): no domain message carries its own id.
    public string EntityId(object message) => null!;

    public object EntityMessage(object message) => message;

    public string ShardId(object message) => null!;

    public string ShardId(string entityId, object? messageHint = null) =>
        (StableHash(entityId) % (uint)MaxShards).ToString(CultureInfo.InvariantCulture);

    /// <summary>FNV-1a 32-bit over the UTF-8 bytes.</summary>
    public static uint StableHash(string value)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            hash = (hash ^ b) * 16777619u;
        }
        return hash;
    }
}
