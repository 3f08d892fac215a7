using Akka.Mta.Actors;

namespace Akka.Mta.Cluster;

internal sealed record PassivateIdleTick
{
    public static readonly PassivateIdleTick Instance = new();
}

/// <summary>
/// Hosts the entities of one shard: starts each on its first message (child named by its escaped
/// id), restarts it on failure (default supervision), passivates it on request or when idle, and
/// buffers its messages while it stops so none are lost: after Terminated, a non-empty buffer
/// starts it again and is delivered in order.
/// <code>
///   (none) --message--> Active --Passivate/idle--> Passivating --Terminated--> (none)
///                                                       | buffer not empty: Active again
/// </code>
/// </summary>
internal sealed class ShardActor : ReceiveActor, IWithTimers
{
    private readonly ShardRegionSpec _spec;
    private readonly string _shardId;
    private readonly ClusterLog _log;
    private readonly Dictionary<string, IActorRef> _entities = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, string> _ids = [];
    private readonly Dictionary<string, long> _lastMessage = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(object Message, IActorRef Sender)>> _passivating = new(StringComparer.Ordinal);

    public ShardActor(ShardRegionSpec spec, string shardId)
    {
        _spec = spec;
        _shardId = shardId;
        _log = ClusterLog.For(Context.System);
        Receive<EntityEnvelope>(OnEnvelope);
        Receive<Passivate>(OnPassivate);
        Receive<Terminated>(OnTerminated);
        Receive<PassivateIdleTick>(_ => PassivateIdle());
        Receive<GetShardState>(_ => Sender.Tell(new ShardState(_shardId, _entities.Keys.Order(StringComparer.Ordinal).ToList())));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private TimeProvider Time => Context.System.TimeProvider;

    protected override void PreStart()
    {
        if (_spec.Settings.PassivateIdleEntityAfter is { } idle && idle > TimeSpan.Zero)
        {
            var interval = TimeSpan.FromTicks(Math.Max(idle.Ticks / 2, TimeSpan.TicksPerMillisecond));
            Timers.StartPeriodicTimer("passivate-idle", PassivateIdleTick.Instance, interval);
        }
    }

    private void OnEnvelope(EntityEnvelope envelope)
    {
        var id = envelope.EntityId;
        if (envelope.Message is StartEntity)
        {
            GetOrCreate(id);
            Sender.Tell(new StartEntityAck(id, _shardId));
            return;
        }
        if (_passivating.TryGetValue(id, out var buffer))
        {
            buffer.Add((envelope.Message, Sender));
            return;
        }
        if (GetOrCreate(id) is { } entity)
        {
            _lastMessage[id] = Time.GetTimestamp();
            entity.Tell(envelope.Message, Sender);
        }
        else
        {
            Context.System.DeadLetters.Tell(envelope.Message, Sender);
        }
    }

    private IActorRef? GetOrCreate(string id)
    {
        if (_entities.TryGetValue(id, out var existing))
        {
            return existing;
        }
        Props props;
        try
        {
            props = _spec.EntityProps(id);
        }
        catch (Exception exception)
        {
            _log.EntityPropsFailed(exception, _spec.TypeName, id);
            return null;
        }
        var entity = Context.ActorOf(props, Uri.EscapeDataString(id));
        Context.Watch(entity);
        _entities[id] = entity;
        _ids[entity] = id;
        _lastMessage[id] = Time.GetTimestamp();
        return entity;
    }

    private void OnPassivate(Passivate passivate)
    {
        if (_ids.TryGetValue(Sender, out var id))
        {
            StartPassivation(id, Sender, passivate.StopMessage);
        }
    }

    private void StartPassivation(string id, IActorRef entity, object stopMessage)
    {
        if (_passivating.ContainsKey(id))
        {
            return;
        }
        _passivating[id] = [];
        entity.Tell(stopMessage, Self);
    }

    private void PassivateIdle()
    {
        var idleAfter = _spec.Settings.PassivateIdleEntityAfter!.Value;
        var now = Time.GetTimestamp();
        foreach (var (id, last) in _lastMessage.ToList())
        {
            if (!_passivating.ContainsKey(id) && Time.GetElapsedTime(last, now) >= idleAfter && _entities.TryGetValue(id, out var entity))
            {
                _log.PassivatingIdle(_spec.TypeName, id);
                StartPassivation(id, entity, _spec.Settings.HandOffStopMessage);
            }
        }
    }

    private void OnTerminated(Terminated terminated)
    {
        if (!_ids.Remove(terminated.ActorRef, out var id))
        {
            return;
        }
        _entities.Remove(id);
        _lastMessage.Remove(id);
        if (_passivating.Remove(id, out var buffer) && buffer.Count > 0 && GetOrCreate(id) is { } entity)
        {
            _lastMessage[id] = Time.GetTimestamp();
            foreach (var (message, sender) in buffer)
            {
                entity.Tell(message, sender);
            }
        }
    }
}
