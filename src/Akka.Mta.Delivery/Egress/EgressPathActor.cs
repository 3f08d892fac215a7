using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Mta.Core.Queues;
using Akka.Mta.Core.Smtp;
using Akka.Mta.Core.Throttling;
using Akka.Mta.Delivery.Admin;
using Akka.Mta.Delivery.Configuration;
using Akka.Mta.Delivery.Outcomes;
using Akka.Mta.Delivery.Queueing;
using Akka.Mta.Delivery.Routing;
using Akka.Mta.Shaping.Options;
using Akka.Mta.Toml;
using Microsoft.Extensions.Logging;

namespace Akka.Mta.Delivery.Egress;

/// <summary>
/// The EgressPath entity, one per <c>source->site@smtp_client</c>: owns the path's ready queue
/// (at most <c>max_ready</c> messages: scheduled queues that find it full wait for
/// <see cref="PathHasRoom"/>), its connections (opened along the spec's curve, never above
/// <c>connection_limit</c> and the shared <c>additional_connection_limits</c>, at most
/// <c>max_connection_rate</c>), the message-rate throttles that pace hand-outs to connections,
/// suspension, and the consecutive-connection-failure rule.
/// </summary>
/// <remarks>
/// An offer of a message the path already holds (ready or in a connection) is dropped: a queue
/// that offers again after a timeout, or a newer incarnation of a queue that loaded what an older one
/// had offered, never makes one message go out twice from here. An offer under an older owner epoch
/// of its queue than one already seen is refused (the stale incarnation's), and ready messages are
/// sent under the newest epoch seen. On hand-off (<see cref="StopPath"/>) the ready messages go
/// back to their queues and the connections finish what they hold before the path stops.
/// </remarks>
public sealed partial class EgressPathActor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan ReconnectBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ConfigRetry = TimeSpan.FromSeconds(5);

    private readonly string _name;
    private readonly EgressPathId _id;
    private readonly DeliveryServices _services;
    private readonly ILogger _logger;
    private readonly Queue<ReadyItem> _ready = new();
    private readonly HashSet<string> _waitingQueues = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, Slot> _connections = [];
    private readonly LinkedList<IActorRef> _idle = new();
    private DeliveryRoute? _route;
    private Route? _targets;
    private DateTimeOffset _targetsExpire;
    private bool _resolving;
    private EgressPathConfig? _config;
    private DateTimeOffset _configExpires;
    private int _consecutiveFailures;
    private DateTimeOffset _nextConnectAt;
    private (string Reason, DateTimeOffset Until)? _suspended;
    private PathControlsInForce? _controls;
    private string? _lastPool;
    private static readonly TimeSpan OfferingQueuesKept = TimeSpan.FromHours(1);

    /// <summary>The queues that offered mail, with when they last did (pruned past an hour once it grows: paths do not passivate).</summary>
    private readonly Dictionary<string, DateTimeOffset> _offeringQueues = new(StringComparer.Ordinal);
    private int _offeringQueuesPruneAt = 1024;
    private PathCondition? _connectionLimited;
    private PathCondition? _connectionRateThrottled;
    private long _readyFull;
    private (TomlTable Options, string Reason, DateTimeOffset Expires)? _override;
    private EgressPathConfig? _baseConfig;
    private readonly Queue<OverrideResult> _recentOutcomes = new();
    private readonly Dictionary<string, Adjustment> _adjustments = new(StringComparer.Ordinal);
    private (EgressPathConfig? For, List<(string Key, ThrottleSpec Spec)> List) _throttles = (null, []);
    private DateTimeOffset? _backoffUntil;
    private static readonly TimeSpan HandOffLimit = TimeSpan.FromSeconds(30);

    /// <summary>The ids in the ready queue and in connections.</summary>
    private readonly HashSet<string> _holding = new(StringComparer.Ordinal);

    /// <summary>The newest owner epoch seen per offering queue.</summary>
    private readonly Dictionary<string, long> _queueEpochs = new(StringComparer.Ordinal);
    private bool _stopping;

    public EgressPathActor(string name, DeliveryServices services)
    {
        _name = name;
        _id = EgressPathId.Parse(name);
        _services = services;
        _logger = services.LoggerFactory.CreateLogger<EgressPathActor>();
        Receive<OfferMessages>(Offer);
        Receive<ConnectionUp>(up => { _consecutiveFailures = 0; MarkIdle(up.Connection); Pump(); });
        Receive<ConnectionFailed>(ConnectFailed);
        Receive<WorkDone>(Done);
        Receive<IdleExpired>(Expired);
        Receive<Terminated>(Closed);
        Receive<TargetsResolved>(Resolved);
        Receive<PumpTick>(_ => Pump());
        Receive<PathControlsInForce>(Controls);
        Receive<ControlsAnnouncement.Tick>(_ => _services.AdminControls.Tell(new WatchPathControls(_name), Self));
        Receive<SetEgressPathOverrides>(SetOverrides);
        Receive<AdjustEgressPathOption>(Adjust);
        Receive<RampTick>(Ramp);
        Receive<GetEgressPathState>(_ => Sender.Tell(State()));
        Receive<GetEgressPathDetail>(_ => Sender.Tell(Detail()));
        Receive<StopPath>(_ => HandOff());
        Receive<HandOffExpired>(_ => Context.Stop(Self));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private int Busy => _connections.Values.Count(s => s.Item is not null);

    private void Offer(OfferMessages offer)
    {
        if (_stopping)
        {
            ReturnToQueues(offer.Messages);
            return;
        }
        var epoch = offer.Messages.Count > 0 ? offer.Messages.Max(m => m.Epoch) : 0;
        if (_queueEpochs.TryGetValue(offer.Queue, out var newest) && epoch < newest)
        {
            LogStaleOffer(_logger, _name, offer.Queue, epoch, newest, offer.Messages.Count);
            return;
        }
        if (epoch > newest)
        {
            _queueEpochs[offer.Queue] = epoch;
        }
        var fresh = offer.Messages.Where(m => !_holding.Contains(m.Id)).ToList();
        if (fresh.Count < offer.Messages.Count)
        {
            offer = offer with { Messages = fresh };
        }
        _route ??= offer.Route;
        _lastPool = offer.EgressPool;
        NoteOfferingQueue(offer.Queue);
        if (SuspendedNow() is { } suspension)
        {
            _waitingQueues.Add(offer.Queue);
            Reply(offer.Queue, new ReturnedFromPath(_name, offer.Messages, "suspended: " + suspension.Reason, suspension.Until));
            return;
        }
        if (BounceOffer(offer))
        {
            return;
        }
        var room = Math.Max(0, (_config?.MaxReady ?? EgressPathConfig.Default.MaxReady) - _ready.Count);
        foreach (var message in offer.Messages.Take(room))
        {
            _ready.Enqueue(new ReadyItem(message, offer.EgressPool));
            _holding.Add(message.Id);
        }
        if (offer.Messages.Count > room)
        {
            _readyFull += offer.Messages.Count - room;
            _waitingQueues.Add(offer.Queue);
            Reply(offer.Queue, new ReturnedFromPath(_name, offer.Messages.Skip(room).ToList(), "ready queue full", null));
        }
        Pump();
    }

    /// <summary>Hands ready messages to idle connections and opens the connections the backlog calls for.</summary>
    private void Pump()
    {
        if (_stopping)
        {
            foreach (var connection in _idle)
            {
                connection.Tell(Close.Instance);
            }
            _idle.Clear();
            return;
        }
        if (_controls is null)
        {
            return; // delivers once the admin controls answer
        }
        var config = CurrentConfig();
        if (config is null || SuspendedNow() is not null)
        {
            return;
        }
        Dispatch(config);
        if (_ready.Count < config.MaxReady && _waitingQueues.Count > 0)
        {
            foreach (var queue in _waitingQueues)
            {
                Reply(queue, new PathHasRoom(_name));
            }
            _waitingQueues.Clear();
        }
        OpenConnections(config);
    }

    private void Dispatch(EgressPathConfig config)
    {
        while (_idle.Count > 0 && _ready.Count > 0)
        {
            var wait = _services.Limits.TryPass(MessageThrottles(config));
            if (wait > TimeSpan.Zero)
            {
                Timers.StartSingleTimer("dispatch", PumpTick.Instance, wait);
                return;
            }
            var connection = _idle.First!.Value;
            _idle.RemoveFirst();
            var item = _ready.Dequeue();
            if (_queueEpochs.TryGetValue(item.Message.Queue, out var newest) && newest > item.Message.Epoch)
            {
                item = item with { Message = item.Message with { Epoch = newest } };
            }
            _connections[connection].Item = item;
            connection.Tell(new Work(item, _controls!.SenderPauses));
        }
    }

    private void OpenConnections(EgressPathConfig config)
    {
        var desired = ConnectionPlan.Desired(EffectiveConnectionLimit(config), _ready.Count + Busy);
        while (_connections.Count < desired)
        {
            var now = _services.Time.GetUtcNow();
            if (now < _nextConnectAt)
            {
                Timers.StartSingleTimer("connect", PumpTick.Instance, _nextConnectAt - now);
                return;
            }
            if (CurrentTargets() is not { } targets)
            {
                return;
            }
            var leases = ConnectionLeases(config);
            if (!_services.Limits.TryAcquire(leases))
            {
                _connectionLimited ??= new PathCondition("a shared connection limit is reached: " + string.Join(", ", leases.Select(l => $"{l.Key}={l.Limit}")), now);
                return; // a connection closing anywhere under the same limits pumps again
            }
            if (config.MaxConnectionRate is { } rate
                && _services.Limits.TryPass([($"{_name}-connection-rate", rate)]) is var wait && wait > TimeSpan.Zero)
            {
                _services.Limits.Release(leases);
                _connectionRateThrottled ??= new PathCondition($"max_connection_rate {rate}", now);
                Timers.StartSingleTimer("connection-rate", PumpTick.Instance, wait);
                return;
            }
            _connectionRateThrottled = null;
            var source = _services.Config.GetEgressSource(_id.Source);
            var plan = new ConnectionPlanSettings(_name, _id.Source, targets.Targets,
                ClientOptionsFactory.Create(config, source, _services.HostName), config);
            var connection = Context.ActorOf(Props.Create(() => new ConnectionActor(plan, _services)));
            Context.Watch(connection);
            _connections[connection] = new Slot(leases, now);
        }
        // Limited: the backlog wants more connections than connection_limit allows.
        var limit = EffectiveConnectionLimit(config);
        if (_connections.Count < limit || _ready.Count == 0)
        {
            _connectionLimited = null;
        }
        else
        {
            _connectionLimited ??= new PathCondition($"connection_limit {limit} reached", _services.Time.GetUtcNow());
        }
    }

    private void ConnectFailed(ConnectionFailed failed)
    {
        _consecutiveFailures++;
        _nextConnectAt = _services.Time.GetUtcNow() + ReconnectBackoff;
        var limit = _config?.ConsecutiveConnectionFailuresBeforeDelay ?? EgressPathConfig.Default.ConsecutiveConnectionFailuresBeforeDelay;
        if (_consecutiveFailures > limit)
        {
            LogDelaying(_logger, _name, _consecutiveFailures, _ready.Count);
            var response = SmtpResponse.Internal(451, new EnhancedStatusCode(4, 4, 1),
                $"No answer from any hosts listed in MX ({failed.Response.ToSingleLine()})");
            while (_ready.TryDequeue(out var item))
            {
                _services.Outcomes.TransientFailure(item.Message, response, Attempt(item));
            }
            RebuildHolding();
            _consecutiveFailures = 0;
            // The next offers find room again: let waiting queues know.
            Pump();
        }
    }

    private void Done(WorkDone done)
    {
        if (done.Outcome is { } outcome)
        {
            Observe(outcome);
        }
        if (_connections.TryGetValue(done.Connection, out var slot))
        {
            if (slot.Item is { } finished)
            {
                _holding.Remove(finished.Message.Id);
            }
            slot.Item = null;
            if (_stopping)
            {
                done.Connection.Tell(Close.Instance);
                return;
            }
            slot.Attempted += done.Outcome is null ? 0 : 1;
            if (!done.Closing)
            {
                MarkIdle(done.Connection);
            }
        }
        Pump();
    }

    private void Expired(IdleExpired expired)
    {
        if (_idle.Remove(expired.Connection))
        {
            expired.Connection.Tell(Close.Instance);
        }
    }

    private void Closed(Terminated terminated)
    {
        if (!_connections.Remove(terminated.ActorRef, out var slot))
        {
            return;
        }
        _idle.Remove(terminated.ActorRef);
        _services.Limits.Release(slot.Leases);
        if (slot.Item is { } lost)
        {
            // The connection died with a message in hand (not reported): try it again soon.
            _holding.Remove(lost.Message.Id);
            _services.Outcomes.Return(lost.Message, notBefore: null);
        }
        if (_stopping)
        {
            if (_connections.Count == 0)
            {
                Context.Stop(Self);
            }
            return;
        }
        Pump();
    }

    private void Suspend(string reason, DateTimeOffset expires)
    {
        _suspended = (reason, expires);
        foreach (var queue in _ready.GroupBy(item => item.Message.Queue, StringComparer.Ordinal))
        {
            _waitingQueues.Add(queue.Key);
            Reply(queue.Key, new ReturnedFromPath(_name, queue.Select(item => item.Message).ToList(), "suspended: " + reason, expires));
        }
        _ready.Clear();
        RebuildHolding();
        foreach (var connection in _idle)
        {
            connection.Tell(Close.Instance);
        }
        _idle.Clear();
        var wait = expires - _services.Time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            Timers.StartSingleTimer("suspension", PumpTick.Instance, wait);
        }
    }

    private (string Reason, DateTimeOffset Until)? SuspendedNow()
    {
        if (_suspended is { } s && s.Until <= _services.Time.GetUtcNow())
        {
            _suspended = null;
        }
        return _suspended;
    }

    private Route? CurrentTargets()
    {
        if (_targets is not null && _services.Time.GetUtcNow() < _targetsExpire)
        {
            return _targets;
        }
        if (!_resolving && _route is { } route)
        {
            _resolving = true;
            var self = Self;
            var protocol = new SmtpProtocol(route.MxList);
            _services.Routes.ResolveAsync(route.RoutingDomain, protocol).ContinueWith(
                t => self.Tell(new TargetsResolved(t.IsCompletedSuccessfully ? t.Result : null, t.Exception?.GetBaseException().Message)),
                TaskScheduler.Default);
        }
        return _targets is { IsResolved: true } ? _targets : null;
    }

    private void Resolved(TargetsResolved resolved)
    {
        _resolving = false;
        if (resolved.Route is { IsResolved: true } route)
        {
            _targets = route;
            _targetsExpire = _services.Time.GetUtcNow() + TimeSpan.FromMinutes(1);
            Pump();
            return;
        }
        var response = resolved.Route?.Failure
            ?? SmtpResponse.Internal(451, new EnhancedStatusCode(4, 4, 3), "routing failed: " + resolved.Error);
        LogRouteFailed(_logger, _name, response.ToSingleLine());
        while (_ready.TryDequeue(out var item))
        {
            if (resolved.Route is { IsPermanentFailure: true })
            {
                _services.Outcomes.Bounced(item.Message, response, Attempt(item), attempted: false);
            }
            else
            {
                _services.Outcomes.TransientFailure(item.Message, response, Attempt(item));
            }
        }
        RebuildHolding();
        Pump();
    }

    /// <summary>After the ready queue was drained or filtered: what is held is what is ready or in a connection.</summary>
    private void RebuildHolding()
    {
        _holding.Clear();
        foreach (var item in _ready)
        {
            _holding.Add(item.Message.Id);
        }
        foreach (var slot in _connections.Values)
        {
            if (slot.Item is { } item)
            {
                _holding.Add(item.Message.Id);
            }
        }
    }

    /// <summary>
    /// Hand-off: the shard moves to another node. Ready messages go back to their queues now (due
    /// at once, not counted as attempts); connections finish the message they hold, whose outcome is
    /// reported as usual, then close; the path stops when the last one has (at most 30 s).
    /// </summary>
    private void HandOff()
    {
        _stopping = true;
        ReturnToQueues(_ready.Select(item => item.Message).ToList());
        _ready.Clear();
        RebuildHolding();
        foreach (var connection in _idle)
        {
            connection.Tell(Close.Instance);
        }
        _idle.Clear();
        foreach (var (connection, slot) in _connections)
        {
            if (slot.Item is null)
            {
                connection.Tell(Close.Instance);
            }
        }
        if (_connections.Count == 0)
        {
            Context.Stop(Self);
            return;
        }
        Timers.StartSingleTimer("hand-off", HandOffExpired.Instance, HandOffLimit);
    }

    private void ReturnToQueues(IReadOnlyList<QueuedMessage> messages)
    {
        var now = _services.Time.GetUtcNow();
        foreach (var message in messages)
        {
            _services.Outcomes.Return(message, notBefore: now);
        }
    }

    protected override void PostStop()
    {
        // Stopped with connections still open (hand-off limit, shutdown): their shared leases are this node's to give back.
        foreach (var slot in _connections.Values)
        {
            _services.Limits.Release(slot.Leases);
        }
        _connections.Clear();
        base.PostStop();
    }

    private void MarkIdle(IActorRef connection)
    {
        if (_connections.TryGetValue(connection, out var slot) && !_idle.Contains(connection))
        {
            slot.Connected = true;
            _idle.AddLast(connection);
        }
    }

    private void Reply(string queue, object message) =>
        _services.Queues.Tell(new ShardingEnvelope(queue, message));

    private AttemptContext Attempt(ReadyItem item) => new(_name, item.EgressPool, _id.Source) { ProviderName = _config?.ProviderName };

    private long EffectiveConnectionLimit(EgressPathConfig config) =>
        config.AdditionalConnectionLimits.Values.Select(l => l.Limit).Prepend(config.ConnectionLimit.Limit).Min();

    private List<(string Key, long Limit)> ConnectionLeases(EgressPathConfig config) =>
        config.AdditionalConnectionLimits.Select(kv => (kv.Key, kv.Value.Limit))
            .Prepend(($"kumomta.connection_limit.{_name}", config.ConnectionLimit.Limit))
            .ToList();

    /// <summary>The message-rate throttles of <paramref name="config"/>, built once per config rather than per message handed out.</summary>
    private List<(string Key, ThrottleSpec Spec)> MessageThrottles(EgressPathConfig config)
    {
        if (ReferenceEquals(config, _throttles.For))
        {
            return _throttles.List;
        }
        var throttles = config.AdditionalMessageRateThrottles.Select(kv => (kv.Key, kv.Value)).ToList();
        if (config.MaxMessageRate is { } rate)
        {
            throttles.Insert(0, ($"kumomta.max_message_rate.{_name}", rate));
        }
        _throttles = (config, throttles);
        return throttles;
    }

    private sealed class Slot(List<(string Key, long Limit)> leases, DateTimeOffset startedAt)
    {
        public List<(string Key, long Limit)> Leases { get; } = leases;

        public DateTimeOffset StartedAt { get; } = startedAt;

        public ReadyItem? Item { get; set; }

        /// <summary>The connection said it is up (SMTP session established).</summary>
        public bool Connected { get; set; }

        /// <summary>Messages this connection attempted.</summary>
        public int Attempted { get; set; }
    }

    private sealed class Adjustment
    {
        public double Level { get; set; } = 1;

        public long Floor { get; set; }

        public TimeSpan StepAfter { get; set; }

        public double Step { get; set; }

        public DateTimeOffset LastChange { get; set; }
    }

    private sealed record RampTick(string Option) : INoSerializationVerificationNeeded;

    private sealed record PumpTick : INoSerializationVerificationNeeded
    {
        public static readonly PumpTick Instance = new();
    }

    private sealed record TargetsResolved(Route? Route, string? Error) : INoSerializationVerificationNeeded;

    private sealed record HandOffExpired : INoSerializationVerificationNeeded
    {
        public static readonly HandOffExpired Instance = new();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path}: refused {Count} messages offered by {Queue} under epoch {Epoch}: epoch {Newest} of that queue offered here already")]
    private static partial void LogStaleOffer(ILogger logger, string path, string queue, long epoch, long newest, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path}: {Failures} consecutive connection failures; delaying the {Count} ready messages")]
    private static partial void LogDelaying(ILogger logger, string path, int failures, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Path}: get_egress_path_config failed, keeping the last config: {Reason}")]
    private static partial void LogConfigFailed(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path}: throttle program backs off ({Deferred} deferred, {Failed} failed of the last {Attempts} attempts) until {Until:O}")]
    private static partial void LogBackoff(ILogger logger, string path, int deferred, int failed, int attempts, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path}: {Option} adjusted to {Percent:0}% of its configured value ({Reason})")]
    private static partial void LogAdjusted(ILogger logger, string path, string option, double percent, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Path}: config override rejected: {Reason}")]
    private static partial void LogOverrideRejected(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path}: routing failed: {Reason}")]
    private static partial void LogRouteFailed(ILogger logger, string path, string reason);
}
