using Akka.Mta.Actors;

namespace Akka.Mta.Cluster;

/// <summary>A message on its way from the region to the shard hosting its entity.</summary>
internal sealed record EntityEnvelope(string EntityId, object Message);

internal sealed record GetShardState
{
    public static readonly GetShardState Instance = new();
}

/// <summary>
/// The local region of one entity type: extracts the entity and shard of each message and passes it
/// to that shard's actor (started on first use), keeping the sender.
/// </summary>
internal sealed class ShardRegionActor : ReceiveActor
{
    private readonly ShardRegionSpec _spec;
    private readonly ClusterLog _log;
    private readonly Dictionary<string, IActorRef> _shards = new(StringComparer.Ordinal);

    public ShardRegionActor(ShardRegionSpec spec)
    {
        _spec = spec;
        _log = ClusterLog.For(Context.System);
        ReceiveAsync<GetShardRegionState>(_ => ReplyStateAsync());
        ReceiveAny(Deliver);
    }

    private void Deliver(object message)
    {
        var entityId = _spec.Extractor.EntityId(message);
        if (string.IsNullOrEmpty(entityId))
        {
            _log.NoEntityId(_spec.TypeName, message.GetType().Name);
            Context.System.DeadLetters.Tell(message, Sender);
            return;
        }
        var shardId = _spec.Extractor.ShardId(message) ?? _spec.Extractor.ShardId(entityId, message);
        var payload = message is StartEntity ? message : _spec.Extractor.EntityMessage(message) ?? message;
        Shard(shardId).Tell(new EntityEnvelope(entityId, payload), Sender);
    }

    private IActorRef Shard(string shardId)
    {
        if (!_shards.TryGetValue(shardId, out var shard))
        {
            shard = Context.ActorOf(Props.Create(() => new ShardActor(_spec, shardId)), Uri.EscapeDataString(shardId));
            _shards[shardId] = shard;
        }
        return shard;
    }

    private async Task ReplyStateAsync()
    {
        var replyTo = Sender;
        var states = await Task.WhenAll(_shards.Values.Select(s => s.Ask<ShardState>(GetShardState.Instance)));
        replyTo.Tell(new CurrentShardRegionState(states.OrderBy(s => s.ShardId, StringComparer.Ordinal).ToList()));
    }
}
