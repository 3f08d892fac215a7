using System.Text;

namespace Akka.Mta.Cluster;

/// <summary>Maps a message to the entity it is for, its shard and what the entity receives (Akka's IMessageExtractor).</summary>
public interface IMessageExtractor
{
    /// <summary>The entity id, or null when the message is not for an entity (it is then unhandled).</summary>
    string? EntityId(object message);

    /// <summary>What the entity receives (e.g. the envelope's content).</summary>
    object? EntityMessage(object message);

    string? ShardId(object message);

    /// <summary>The shard of an entity id (used for StartEntity and placement).</summary>
    string ShardId(string entityId, object? messageHint = null);
}

/// <summary>
/// Shards by a stable hash of the entity id (FNV-1a over UTF-8, the same on every node and run) into
/// <see cref="MaxNumberOfShards"/> shards; understands <see cref="ShardingEnvelope"/> and <see cref="StartEntity"/>.
/// </summary>
public abstract class HashCodeMessageExtractor : IMessageExtractor
{
    protected HashCodeMessageExtractor(int maxNumberOfShards)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNumberOfShards, 1);
        MaxNumberOfShards = maxNumberOfShards;
    }

    public int MaxNumberOfShards { get; }

    /// <summary>The entity id of a domain message (envelopes and StartEntity are handled here).</summary>
    public abstract string? EntityIdOf(object message);

    public string? EntityId(object message) => message switch
    {
        ShardingEnvelope envelope => envelope.EntityId,
        StartEntity start => start.EntityId,
        _ => EntityIdOf(message),
    };

    public virtual object? EntityMessage(object message) => message is ShardingEnvelope envelope ? envelope.Message : message;

    public string? ShardId(object message) => EntityId(message) is { } id ? ShardId(id) : null;

    public string ShardId(string entityId, object? messageHint = null) =>
        (StableHash(entityId) % (uint)MaxNumberOfShards).ToString(System.Globalization.CultureInfo.InvariantCulture);

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

/// <summary>An extractor from a function (entity id of a message), over <see cref="HashCodeMessageExtractor"/>.</summary>
public sealed class MessageExtractor(int maxNumberOfShards, Func<object, string?> entityId) : HashCodeMessageExtractor(maxNumberOfShards)
{
    /// <summary>Only <see cref="ShardingEnvelope"/>s (and StartEntity) carry entity ids.</summary>
    public static MessageExtractor ForEnvelopes(int maxNumberOfShards) => new(maxNumberOfShards, static _ => null);

    public override string? EntityIdOf(object message) => entityId(message);
}
