using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Mta.Core;
using Akka.Mta.Core.Queues;
using Akka.Mta.Core.Smtp;
using Akka.Mta.Core.Throttling;
using Akka.Mta.Delivery.Admin;
using Akka.Mta.Delivery.Configuration;
using Akka.Mta.Delivery.Outcomes;
using Akka.Mta.Delivery.Routing;
using Akka.Mta.Persistence.Spool;
using Akka.Mta.Shaping.Options;
using Microsoft.Extensions.Logging;

namespace Akka.Mta.Delivery.Queueing;

/// <summary>
/// The ScheduledQueue entity, one per <c>campaign:tenant@domain!routing</c>: holds its messages
/// by due time, promotes due ones (spec 3.5: suspension, the queue's <c>max_message_rate</c>,
/// source choice by weighted round robin over the egress pool) to the egress path of the chosen
/// source and the domain's site, and applies the retry schedule and <c>max_age</c> to messages
/// that come back after a transient failure. A path without room holds the queue's messages for
/// it until it says <see cref="PathHasRoom"/> (or a minute passes).
/// </summary>
public sealed partial class ScheduledQueueActor : ReceiveActor, IWithTimers
{
    private const int PromotionBatch = 512;
    private static readonly TimeSpan ParkedLimit = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan RouteLifetime = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan ConfigRetry = TimeSpan.FromSeconds(5);

    private readonly string _queue;
    private readonly ScheduledQueueName _name;
    private readonly DeliveryServices _services;
    private readonly ILogger _logger;
    private readonly PriorityQueue<QueuedMessage, DateTimeOffset> _scheduled = new();
    private readonly Dictionary<string, (List<QueuedMessage> Messages, DateTimeOffset ReleaseAt)> _parked = new(StringComparer.Ordinal);
    private QueueConfig? _config;
    private DateTimeOffset _configExpires;
    private WeightedRoundRobin? _sources;
    private string _pool = EgressPathId.UnspecifiedSource;
    private Route? _route;
    private DateTimeOffset _routeExpires;
    private bool _resolving;
    private Gcra _rate;
    private DateTimeOffset? _timerDue;
    private QueueControlsInForce? _controls;
    private DateTimeOffset _lastChanged;
    private long _delayedByRate;
    private long _delayedByReadyFull;

    public ScheduledQueueActor(string queue, DeliveryServices services)
    {
        _queue = queue;
        _name = ScheduledQueueName.Parse(queue);
        _services = services;
        _logger = services.LoggerFactory.CreateLogger<ScheduledQueueActor>();
        Receive<EnqueueMessages>(enqueue => { foreach (var m in enqueue.Messages) { Schedule(m); } Promote(); });
        Receive<RequeueMessage>(Requeue);
        Receive<ReturnedFromPath>(Returned);
        Receive<PathHasRoom>(room => { Unpark(room.Path); Promote(); });
        Receive<QueueControlsInForce>(Controls);
        Receive<ControlsAnnouncement.Tick>(_ => _services.AdminControls.Tell(new WatchQueueControls(_queue), Self));
        Receive<RebindMessages>(Rebind);
        Receive<RouteResolved>(Resolved);
        Receive<Tick>(_ => { _timerDue = null; Promote(); });
        Receive<Reap>(_ => ReapWhenEmpty());
        Receive<StopQueue>(_ => Stop());
        Receive<GetScheduledQueueState>(_ => Sender.Tell(State()));
        Receive<GetScheduledQueueDetail>(get => Sender.Tell(Detail(get.Limit)));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now => _services.Time.GetUtcNow();

    /// <summary>
    /// Asks the admin controls what applies to this queue; no message is promoted before the answer
    /// (a suspension or bounce set before this queue started holds from its first message).
    /// </summary>
    protected override void PreStart()
    {
        ControlsAnnouncement.Start(Self, Timers);
    }

    private void Controls(QueueControlsInForce controls)
    {
        if (_controls is null)
        {
            ControlsAnnouncement.Answered(Timers);
        }
        _controls = controls;
        Promote();
    }

    private void Schedule(QueuedMessage message)
    {
        _scheduled.Enqueue(message, message.Due);
        _lastChanged = Now;
    }

    private void Promote()
    {
        if (_controls is null)
        {
            return; // promoted once the controls answer
        }
        var now = Now;
        if (_controls.Bounces.InForce(_name, now) is { } bounce)
        {
            BounceAll(bounce);
            return;
        }
        UnparkStale(now);
        if (!_scheduled.TryPeek(out _, out var firstDue) || firstDue > now)
        {
            ArmTimer();
            return;
        }
        if (CurrentConfig() is not { } config)
        {
            return;
        }
        if (_controls.Suspensions.InForce(_name, now) is { } suspension)
        {
            var response = SmtpResponse.Internal(451, new EnhancedStatusCode(4, 4, 4), $"scheduled queue is suspended: {suspension.Reason}");
            foreach (var message in TakeDue(now, int.MaxValue))
            {
                var counted = message with { Attempts = message.Attempts + 1 };
                _services.Outcomes.LogTransient(counted, response, new AttemptContext(_queue, _pool, null));
                Retry(counted, config);
            }
            ArmTimer();
            return;
        }
        if (CurrentRoute() is not { } route)
        {
            return;
        }
        if (!route.IsResolved)
        {
            FailDue(route, config, now);
            ArmTimer();
            return;
        }
        var offers = new Dictionary<string, List<QueuedMessage>>(StringComparer.Ordinal);
        foreach (var message in TakeDue(now, PromotionBatch))
        {
            if (config.MaxMessageRate is { } rate && !PassRate(rate, message, now))
            {
                break;
            }
            var source = _sources!.Next();
            if (source is null)
            {
                var response = SmtpResponse.Internal(451, new EnhancedStatusCode(4, 4, 4), $"no sources for {_queue} pool=`{_pool}` are eligible for selection at this time");
                var counted = message with { Attempts = message.Attempts + 1 };
                _services.Outcomes.LogTransient(counted, response, new AttemptContext(_queue, _pool, null));
                Retry(counted, config);
                continue;
            }
            var path = LogHooks.LogHookRouting.PathName(_queue, source, route.Site);
            if (_parked.TryGetValue(path, out var parked))
            {
                parked.Messages.Add(message);
                continue;
            }
            if (!offers.TryGetValue(path, out var batch))
            {
                offers[path] = batch = [];
            }
            batch.Add(message);
        }
        var deliveryRoute = new DeliveryRoute(_name.Domain, _name.RoutingDomain ?? _name.Domain,
            (config.Protocol as SmtpProtocol)?.MxList);
        foreach (var (path, batch) in offers)
        {
            _services.Paths.Tell(new ShardingEnvelope(path, new OfferMessages(_queue, deliveryRoute, _pool, batch)));
        }
        if (_scheduled.TryPeek(out _, out var next) && next <= Now)
        {
            Self.Tell(Tick.Instance); // more due than one batch: continue after other mail
        }
        else
        {
            ArmTimer();
        }
    }

    /// <summary>An admin bounce covers every message of the queue, due or not, parked or not.</summary>
    private void BounceAll(AdminBounce bounce)
    {
        var all = TakeAll();
        foreach (var message in all)
        {
            _services.Outcomes.AdminBounced(message, bounce);
        }
        var count = all.Count;
        if (count > 0)
        {
            _services.AdminControls.Tell(new BouncesCounted(bounce.Id, _queue, count), Self);
        }
        ArmTimer();
    }

    private void Rebind(RebindMessages rebind)
    {
        var data = System.Text.Json.Nodes.JsonNode.Parse(rebind.DataJson)!.AsObject();
        var now = Now;
        var all = TakeAll();
        var moved = new Dictionary<string, List<QueuedMessage>>(StringComparer.Ordinal);
        foreach (var message in all)
        {
            var meta = System.Text.Json.Nodes.JsonNode.Parse(message.MetadataJson) as System.Text.Json.Nodes.JsonObject ?? [];
            foreach (var (key, value) in data)
            {
                meta[key] = value?.DeepClone();
            }
            var queue = QueueNaming.QueueOf(message.Recipient, meta.ToDictionary(kv => kv.Key, kv => kv.Value));
            var rebound = message with
            {
                Queue = queue,
                MetadataJson = meta.ToJsonString(),
                Due = queue != _queue || rebind.AlwaysFlush ? now : message.Due,
            };
            _ = PersistAsync(rebound, withMetadata: true);
            if (queue == _queue)
            {
                Schedule(rebound);
                continue;
            }
            if (!rebind.SuppressLogging)
            {
                _services.Outcomes.LogRebind(rebound, _queue, rebind.Reason);
            }
            if (!moved.TryGetValue(queue, out var batch))
            {
                moved[queue] = batch = [];
            }
            batch.Add(rebound);
        }
        foreach (var (queue, batch) in moved)
        {
            _services.Queues.Tell(new ShardingEnvelope(queue, new EnqueueMessages(batch)));
        }
        Promote();
    }

    private bool PassRate(ThrottleSpec rate, QueuedMessage message, DateTimeOffset now)
    {
        var decision = _rate.TryAcquire(rate, rate.MaxBurst ?? rate.Limit, now);
        if (decision.Allowed)
        {
            _rate = decision.Next;
            return true;
        }
        Schedule(message with { Due = now + decision.RetryAfter });
        _delayedByRate++;
        return false;
    }

    private List<QueuedMessage> TakeDue(DateTimeOffset now, int limit)
    {
        var due = new List<QueuedMessage>();
        while (due.Count < limit && _scheduled.TryPeek(out _, out var at) && at <= now)
        {
            due.Add(_scheduled.Dequeue());
        }
        if (due.Count > 0)
        {
            _lastChanged = now;
        }
        return due;
    }

    private void FailDue(Route route, QueueConfig config, DateTimeOffset now)
    {
        var context = new AttemptContext(route.Site, _pool, null);
        foreach (var message in TakeDue(now, int.MaxValue))
        {
            if (route.IsPermanentFailure)
            {
                _services.Outcomes.Bounced(message, route.Failure!, context);
            }
            else
            {
                var counted = message with { Attempts = message.Attempts + 1 };
                _services.Outcomes.LogTransient(counted, route.Failure!, context);
                Retry(counted, config);
            }
        }
        _route = null; // ask again for the next due messages
    }

    private void Requeue(RequeueMessage requeue)
    {
        if (!requeue.CountsAsAttempt)
        {
            Schedule(requeue.Message with { Due = requeue.NotBefore ?? RetrySchedule.Soon(Now, _services.Random) });
            Promote();
            return;
        }
        if (CurrentConfig() is { } config)
        {
            Retry(requeue.Message, config);
        }
        else
        {
            Schedule(requeue.Message with { Due = Now + ConfigRetry });
        }
        ArmTimer();
    }

    /// <summary>A message whose attempts already count its last failure: retry later, or expire.</summary>
    private void Retry(QueuedMessage message, QueueConfig config)
    {
        switch (RetrySchedule.AfterFailure(config, message.Created, message.Attempts, Now, _services.Random))
        {
            case RetryDecision.Retry retry:
                var next = message with { Due = retry.Due };
                Schedule(next);
                _ = PersistAsync(next);
                break;
            case RetryDecision.Expire expire:
                _services.Outcomes.Expired(message,
                    SmtpResponse.Internal(551, new EnhancedStatusCode(5, 4, 7), expire.Reason), AttemptContext.Queue);
                break;
        }
    }

    /// <summary>Saves a message's queue and schedule, and its metadata when <paramref name="withMetadata"/> (rebind).</summary>
    private async Task PersistAsync(QueuedMessage message, bool withMetadata = false)
    {
        try
        {
            await _services.Spool.UpdateAsync(SpoolId.Parse(message.Id), new SpoolSchedule(message.Queue, message.Due, message.Attempts),
                withMetadata ? message.MetadataJson : null).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogPersistFailed(_logger, message.Id, e.Message);
        }
    }

    /// <summary>
    /// Messages a path did not take wait for it here: until it has room again (at most a minute),
    /// or until its suspension ends; either way the path's <see cref="PathHasRoom"/> releases them sooner.
    /// </summary>
    private void Returned(ReturnedFromPath returned)
    {
        var releaseAt = returned.Until ?? Now + ParkedLimit;
        if (returned.Until is null)
        {
            _delayedByReadyFull += returned.Messages.Count;
        }
        if (_parked.TryGetValue(returned.Path, out var parked))
        {
            parked.Messages.AddRange(returned.Messages);
            _parked[returned.Path] = (parked.Messages, releaseAt > parked.ReleaseAt ? releaseAt : parked.ReleaseAt);
        }
        else
        {
            _parked[returned.Path] = ([.. returned.Messages], releaseAt);
        }
        ArmTimer();
    }

    private void Unpark(string path)
    {
        if (_parked.Remove(path, out var parked))
        {
            var now = Now;
            foreach (var message in parked.Messages)
            {
                Schedule(message with { Due = now });
            }
        }
    }

    private void UnparkStale(DateTimeOffset now)
    {
        foreach (var path in _parked.Where(p => now >= p.Value.ReleaseAt).Select(p => p.Key).ToList())
        {
            Unpark(path);
        }
    }

    private QueueConfig? CurrentConfig()
    {
        var now = Now;
        if (_config is not null && now < _configExpires)
        {
            return _config;
        }
        try
        {
            _config = _services.Config.GetQueueConfig(_name);
            _configExpires = now + _config.RefreshInterval;
            var pool = _config.EgressPool ?? EgressPathId.UnspecifiedSource;
            if (_sources is null || pool != _pool)
            {
                _pool = pool;
                _sources = new WeightedRoundRobin(_services.Config.GetEgressPool(pool).Entries);
            }
        }
        catch (DeliveryConfigException e)
        {
            LogConfigFailed(_logger, _queue, e.Message);
            _configExpires = now + ConfigRetry;
            Timers.StartSingleTimer("config", Tick.Instance, ConfigRetry);
            return _sources is null ? null : _config;
        }
        return _config;
    }

    private Route? CurrentRoute()
    {
        if (LogHooks.LogHookRouting.RouteFor(_queue) is { } hook)
        {
            return hook; // a log hook's records go to the hook's path, no DNS
        }
        if (_route is not null && Now < _routeExpires)
        {
            return _route;
        }
        if (!_resolving)
        {
            _resolving = true;
            var self = Self;
            var protocol = _config!.Protocol as SmtpProtocol ?? SmtpProtocol.Default;
            _services.Routes.ResolveAsync(_name.RoutingDomain ?? _name.Domain, protocol).ContinueWith(
                t => self.Tell(new RouteResolved(t.IsCompletedSuccessfully ? t.Result
                    : new Route("", [], SmtpResponse.Internal(451, new EnhancedStatusCode(4, 4, 3), "routing failed: " + t.Exception?.GetBaseException().Message)))),
                TaskScheduler.Default);
        }
        return null;
    }

    private void Resolved(RouteResolved resolved)
    {
        _resolving = false;
        _route = resolved.Route;
        _routeExpires = Now + RouteLifetime;
        Promote();
    }

    private void ArmTimer()
    {
        DateTimeOffset? next = _scheduled.TryPeek(out _, out var due) ? due : null;
        if (_parked.Count > 0)
        {
            var stale = _parked.Values.Min(p => p.ReleaseAt);
            next = next is { } n && n < stale ? n : stale;
        }
        if (next is not { } at)
        {
            Timers.Cancel("tick");
            _timerDue = null;
            // Empty: leave memory after reap_interval unless mail arrives (KumoMTA's reaping).
            Timers.StartSingleTimer("reap", Reap.Instance, _config?.ReapInterval ?? QueueConfig.Default.ReapInterval);
            return;
        }
        Timers.Cancel("reap");
        if (_timerDue == at)
        {
            return;
        }
        _timerDue = at;
        var delay = at - Now;
        Timers.StartSingleTimer("tick", Tick.Instance, delay > TimeSpan.Zero ? delay : TimeSpan.Zero);
    }

    private void ReapWhenEmpty()
    {
        if (_scheduled.Count == 0 && _parked.Count == 0)
        {
            Context.Parent.Tell(new Passivate(StopQueue.Instance));
        }
    }

    /// <summary>Every message of the queue, scheduled (by due time) then parked; the queue is left empty.</summary>
    private List<QueuedMessage> TakeAll()
    {
        var all = new List<QueuedMessage>(_scheduled.Count);
        while (_scheduled.TryDequeue(out var message, out _))
        {
            all.Add(message);
        }
        foreach (var parked in _parked.Values)
        {
            all.AddRange(parked.Messages);
        }
        _parked.Clear();
        return all;
    }

    /// <summary>
    /// Passivation or hand-off: messages that arrived after the reap (they were in the mailbox before
    /// the shard began to buffer) go back through the region, which starts this queue again with them.
    /// </summary>
    private void Stop()
    {
        var remaining = TakeAll();
        if (remaining.Count > 0)
        {
            _services.Queues.Tell(new ShardingEnvelope(_queue, new EnqueueMessages(remaining)));
        }
        Context.Stop(Self);
    }

    private ScheduledQueueState State()
    {
        var now = Now;
        var due = _scheduled.UnorderedItems.Count(i => i.Priority <= now);
        DateTimeOffset? next = _scheduled.TryPeek(out _, out var at) ? at : null;
        return new ScheduledQueueState(_queue, _scheduled.Count, due, _parked.Values.Sum(p => p.Messages.Count), next)
        {
            DelayedByRate = _delayedByRate,
            DelayedByReadyFull = _delayedByReadyFull,
        };
    }

    private ScheduledQueueDetail Detail(int? limit)
    {
        var messages = _scheduled.UnorderedItems.OrderBy(i => i.Priority).Select(i => i.Element)
            .Concat(_parked.Values.SelectMany(p => p.Messages))
            .Take(limit ?? int.MaxValue)
            .ToList();
        return new ScheduledQueueDetail(State(), _config is null ? null : QueueConfigView.Options(_config).ToJsonString(), messages, _lastChanged);
    }

    private sealed record Tick : INoSerializationVerificationNeeded
    {
        public static readonly Tick Instance = new();
    }

    private sealed record RouteResolved(Route Route) : INoSerializationVerificationNeeded;

    private sealed record Reap : INoSerializationVerificationNeeded
    {
        public static readonly Reap Instance = new();
    }


    [LoggerMessage(Level = LogLevel.Error, Message = "{Queue}: get_queue_config failed: {Reason}")]
    private static partial void LogConfigFailed(ILogger logger, string queue, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Saving the retry schedule of {Id} failed ({Reason}); after a restart it is due at once")]
    private static partial void LogPersistFailed(ILogger logger, string id, string reason);
}
