namespace Akka.Mta.Cluster;

/// <summary>Wraps a message for the entity <see cref="EntityId"/>, for extractors that need no id in the message.</summary>
public sealed record ShardingEnvelope(string EntityId, object Message);

/// <summary>Starts an entity without a message for it; the region replies <see cref="StartEntityAck"/>.</summary>
public sealed record StartEntity(string EntityId);

public sealed record StartEntityAck(string EntityId, string ShardId);

/// <summary>
/// From an entity to its parent (<c>Context.Parent.Tell(new Passivate(PoisonPill.Instance))</c>):
/// the shard stops delivering, sends <see cref="StopMessage"/>, buffers what arrives meanwhile, and
/// starts the entity again with the buffer if it was not empty.
/// </summary>
public sealed record Passivate(object StopMessage);

/// <summary>Asks a region which shards and entities it hosts; the reply is <see cref="CurrentShardRegionState"/>.</summary>
public sealed record GetShardRegionState;

public sealed record ShardState(string ShardId, IReadOnlyList<string> EntityIds);

public sealed record CurrentShardRegionState(IReadOnlyList<ShardState> Shards);
