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
/// <remarks>
/// <para><b>Ownership.</b> Wherever the entity starts (first message, rebalance, failover, a
/// <see cref="WakeQueue"/> from the spool sweeper) it first claims its queue in the spool
/// (<see cref="ISpool.ClaimQueueAsync"/>: a new owner epoch) and then streams its own rows
/// (<see cref="ISpool.EnumerateQueueAsync"/>, the index on queue and id); no node scans the whole
/// spool. Messages told to it meanwhile are deduplicated by spool id with what it loads.</para>
/// <para><b>Why no message is offered by two live incarnations.</b> Cluster sharding runs at most
/// one entity per queue in one cluster (single writer), but after a split, or beside a node that is
/// slow to learn it lost the shard, an old incarnation may still run. Each incarnation's claim
/// raises the epoch, and every offer carries the epoch of the incarnation that made it
/// (<see cref="QueuedMessage.Epoch"/>): the connection loads the message body with
/// <see cref="ISpool.LoadOwnedAsync"/> just before it sends, so once a newer incarnation has
/// claimed the queue, no offer of an older one is sent (it answers <see cref="OwnershipLost"/>, and
/// that incarnation retires). The retry schedule (<see cref="ISpool.UpdateOwnedAsync"/>), expiry and
/// admin bounces (<see cref="ISpool.DeleteOwnedAsync"/>) are fenced the same way. The delete after a
/// real attempt (delivered, or bounced by the receiver) is not fenced: the attempt happened, and
/// keeping the row would only deliver it again. What is left is the window between the fenced load
/// and the end of one SMTP transaction: a claim inside it can make one message go out twice
/// (at-least-once), never more often than a claim happens.</para>
/// <para><b>Acknowledged hand-overs.</b> The queue keeps what it offered until the path gives it back
/// (<see cref="RequeueMessage"/>, <see cref="ReturnedFromPath"/>) or it is finished
/// (<see cref="MessageFinished"/>), and does not reap itself meanwhile. A sweep re-reads the queue's
/// rows: it adopts rows it does not hold (an enqueue lost between nodes), forgets offered ones that
/// are gone, and offers again to the same path those out longer than <see cref="OfferTimeout"/>
/// (the path drops offers of ids it already holds).</para>
/// </remarks>
public sealed partial class ScheduledQueueActor : ReceiveActor, IWithTimers
{
    private const int PromotionBatch = 512;
    private static readonly TimeSpan ParkedLimit = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan RouteLifetime = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan ConfigRetry = TimeSpan.FromSeconds(5);
    private const int LoadBatch = 1000;

    /// <summary>An offered message neither back nor finished after this long is offered to its path again at the next sweep.</summary>
    internal static readonly TimeSpan OfferTimeout = TimeSpan.FromMinutes(10);

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

    /// <summary>The ids this incarnation is responsible for: scheduled, parked or offered. A scheduled entry whose id left is skipped.</summary>
    private readonly HashSet<string> _held = new(StringComparer.Ordinal);

    /// <summary>Offered to a path and not back yet: the message, the path, since when.</summary>
    private readonly Dictionary<string, (QueuedMessage Message, string Path, DateTimeOffset Since)> _offered = new(StringComparer.Ordinal);
    private long _epoch;
    private bool _loading;
    private bool _retired;
    private bool _reofferAll;
    private OfferMessages? _lastOffer;

    public ScheduledQueueActor(string queue, DeliveryServices services)
    {
        _queue = queue;
        _name = ScheduledQueueName.Parse(queue);
        _services = services;
        _logger = services.LoggerFactory.CreateLogger<ScheduledQueueActor>();
        Receive<EnqueueMessages>(enqueue => { EnsureClaimed(); Adopt(enqueue.Messages); Promote(); });
        Receive<Claimed>(OnClaimed);
        Receive<RetryClaim>(_ => Claim());
        Receive<Loaded>(loaded => { Adopt(loaded.Messages); loaded.Seen?.UnionWith(loaded.Messages.Select(m => m.Id)); Promote(); });
        Receive<LoadDone>(OnLoadDone);
        Receive<WakeQueue>(wake => { if (!EnsureClaimed()) { Sweep(wake.AfterLoss); } });
        Receive<MessageFinished>(finished => { Forget(finished.Id); ArmTimer(); LeaveIfUnclaimed(); });
        Receive<OwnershipLost>(Lost);
        Receive<RequeueMessage>(requeue => { EnsureClaimed(); if (TakeBack(requeue.Message.Id)) { Requeue(requeue); } });
        Receive<ReturnedFromPath>(returned => { EnsureClaimed(); Returned(returned); });
        Receive<PathHasRoom>(room => { Unpark(room.Path); Promote(); LeaveIfUnclaimed(); });
        Receive<QueueControlsInForce>(Controls);
        Receive<ControlsAnnouncement.Tick>(_ => _services.AdminControls.Tell(new WatchQueueControls(_queue), Self));
        Receive<RebindMessages>(rebind => { EnsureClaimed(); Rebind(rebind); });
        Receive<RouteResolved>(Resolved);
        Receive<Tick>(_ => { _timerDue = null; Promote(); });
        Receive<Reap>(_ => ReapWhenEmpty());
        Receive<StopQueue>(_ => Stop());
        Receive<GetScheduledQueueState>(_ => { EnsureClaimed(); Sender.Tell(State()); });
        Receive<GetScheduledQueueDetail>(get => { EnsureClaimed(); Sender.Tell(Detail(get.Limit)); });
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

    /// <summary>
    /// Claims the queue on the first message that gives this incarnation mail or asks for it (true
    /// when it starts the claim now). Not on notices about mail an older incarnation offered
    /// (<see cref="OwnershipLost"/>, <see cref="MessageFinished"/>, <see cref="PathHasRoom"/>): such a
    /// notice reaching a queue that does not run must not take the queue back from its newer owner.
    /// </summary>
    private bool EnsureClaimed()
    {
        if (_epoch != 0 || _loading || _retired)
        {
            return false;
        }
        Claim();
        return true;
    }

    /// <summary>Started only by a notice for an older incarnation: nothing to own here, stop again.</summary>
    private void LeaveIfUnclaimed()
    {
        if (_epoch == 0 && !_loading && !_retired && _held.Count == 0)
        {
            _retired = true;
            Context.Parent.Tell(new Passivate(StopQueue.Instance));
        }
    }

    /// <summary>Claims the queue in the spool (a new owner epoch), then loads its rows; retried while the spool fails.</summary>
    private void Claim()
    {
        var self = Self;
        _loading = true;
        _services.Spool.ClaimQueueAsync(_queue).ContinueWith(
            t => self.Tell(new Claimed(t.IsCompletedSuccessfully ? t.Result : 0, t.Exception?.GetBaseException().Message)), TaskScheduler.Default);
    }

    private void OnClaimed(Claimed claimed)
    {
        if (claimed.Epoch == 0)
        {
            LogClaimFailed(_logger, _queue, claimed.Error ?? "unknown error");
            Timers.StartSingleTimer("claim", new RetryClaim(), ConfigRetry);
            return;
        }
        _epoch = claimed.Epoch;
        Load(seen: null);
        Promote();
    }

    /// <summary>Streams the queue's rows from the spool to this actor in batches (<paramref name="seen"/>: the sweep collects the ids found).</summary>
    private void Load(HashSet<string>? seen)
    {
        _loading = true;
        var self = Self;
        var spool = _services.Spool;
        var queue = _queue;
        _ = Task.Run(async () =>
        {
            var count = 0;
            try
            {
                var batch = new List<QueuedMessage>(LoadBatch);
                await foreach (var entry in spool.EnumerateQueueAsync(queue).ConfigureAwait(false))
                {
                    batch.Add(FromSpool(entry));
                    count++;
                    if (batch.Count == LoadBatch)
                    {
                        self.Tell(new Loaded(batch, seen));
                        batch = new List<QueuedMessage>(LoadBatch);
                    }
                }
                self.Tell(new Loaded(batch, seen));
                self.Tell(new LoadDone(count, seen, null));
            }
            catch (Exception e)
            {
                self.Tell(new LoadDone(count, null, e.Message));
            }
        });
    }

    private void OnLoadDone(LoadDone done)
    {
        _loading = false;
        if (done.Error is not null)
        {
            LogLoadFailed(_logger, _queue, done.Count, done.Error);
            Timers.StartSingleTimer("load", WakeQueue.Instance, ConfigRetry);
            return;
        }
        LogLoaded(_logger, _queue, _epoch, done.Count, done.Seen is null ? "start" : "sweep");
        if (done.Seen is { } seen)
        {
            // Offered messages gone from the spool were finished (the notice was lost); those out too long are offered again.
            var now = Now;
            var stale = new Dictionary<string, List<QueuedMessage>>(StringComparer.Ordinal);
            foreach (var (id, offered) in _offered.ToList())
            {
                if (!seen.Contains(id))
                {
                    Forget(id);
                }
                else if ((_reofferAll || now - offered.Since > OfferTimeout) && _lastOffer is not null)
                {
                    _offered[id] = offered with { Since = now };
                    if (!stale.TryGetValue(offered.Path, out var batch))
                    {
                        stale[offered.Path] = batch = [];
                    }
                    batch.Add(offered.Message);
                }
            }
            foreach (var (path, batch) in stale)
            {
                _services.Paths.Tell(new ShardingEnvelope(path, _lastOffer! with { Messages = batch }));
            }
            _reofferAll = false;
        }
        Promote();
        ArmTimer();
    }

    /// <summary>The spool sweeper's wake-up: re-read the queue's rows unless a load runs.</summary>
    private void Sweep(bool afterLoss)
    {
        if (_retired || _loading || _epoch == 0)
        {
            return;
        }
        _reofferAll |= afterLoss;
        Load(new HashSet<string>(StringComparer.Ordinal));
    }

    private static QueuedMessage FromSpool(SpoolEntry entry) =>
        new(entry.Id.ToString(), entry.Envelope.Sender, entry.Envelope.Recipients.FirstOrDefault() ?? "", entry.Schedule.Queue, entry.Id.Timestamp,
            entry.Schedule.Attempts, entry.Schedule.Due, entry.BodyLength, MetaOrEmpty(entry.MetadataJson));

    private static string MetaOrEmpty(string json)
    {
        try
        {
            using var _ = System.Text.Json.JsonDocument.Parse(json);
            return json;
        }
        catch (System.Text.Json.JsonException)
        {
            return "{}";
        }
    }

    /// <summary>New, loaded or re-sent messages: each id once, whatever way it came first.</summary>
    private void Adopt(IEnumerable<QueuedMessage> messages)
    {
        if (_retired)
        {
            return;
        }
        foreach (var message in messages)
        {
            if (message.Queue == _queue && _held.Add(message.Id))
            {
                Schedule(message);
            }
        }
    }

    /// <summary>
    /// A message a path gives back: true when this queue takes it (it was offered, or it is new to this
    /// incarnation: an older one offered it); false for a duplicate of one it holds scheduled or parked.
    /// </summary>
    private bool TakeBack(string id) => !_retired && (_offered.Remove(id) || _held.Add(id));

    private void Forget(string id)
    {
        _offered.Remove(id);
        _held.Remove(id);
    }

    private void Lost(OwnershipLost lost)
    {
        if (_retired)
        {
            return;
        }
        if (_epoch == 0 && !_loading)
        {
            LeaveIfUnclaimed(); // the notice of an older incarnation: the newer owner runs elsewhere
            return;
        }
        if (_epoch > 0 && lost.Message.Epoch >= _epoch)
        {
            // A newer incarnation claimed this queue: hold nothing, offer nothing, stop.
            LogSuperseded(_logger, _queue, _epoch);
            _retired = true;
            TakeAll();
            _held.Clear();
            _offered.Clear();
            Timers.CancelAll();
            Context.Parent.Tell(new Passivate(StopQueue.Instance));
            return;
        }
        if (TakeBack(lost.Message.Id))
        {
            Requeue(new RequeueMessage(lost.Message, CountsAsAttempt: false, Now));
        }
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
        if (_controls is null || _epoch == 0 || _retired)
        {
            return; // promoted once the controls answer and the queue is claimed
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
        var offeredAt = Now;
        foreach (var (path, batch) in offers)
        {
            var owned = batch.Select(m => m with { Epoch = _epoch }).ToList();
            foreach (var message in owned)
            {
                _offered[message.Id] = (message, path, offeredAt);
            }
            _lastOffer = new OfferMessages(_queue, deliveryRoute, _pool, owned);
            _services.Paths.Tell(new ShardingEnvelope(path, _lastOffer));
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
            _services.Outcomes.AdminBounced(message with { Epoch = _epoch }, bounce);
            _held.Remove(message.Id);
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
            _held.Remove(message.Id);
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
            var message = _scheduled.Dequeue();
            if (_held.Contains(message.Id))
            {
                due.Add(message);
            }
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
                _services.Outcomes.Bounced(message with { Epoch = _epoch }, route.Failure!, context, attempted: false);
                _held.Remove(message.Id);
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
                _held.Remove(message.Id);
                _services.Outcomes.Expired(message with { Epoch = _epoch },
                    SmtpResponse.Internal(551, new EnhancedStatusCode(5, 4, 7), expire.Reason), AttemptContext.Queue);
                break;
        }
    }

    /// <summary>Saves a message's queue and schedule, and its metadata when <paramref name="withMetadata"/> (rebind).</summary>
    private async Task PersistAsync(QueuedMessage message, bool withMetadata = false)
    {
        try
        {
            // Fenced: a stale incarnation's schedule never overwrites the owner's.
            await _services.Spool.UpdateOwnedAsync(SpoolId.Parse(message.Id), new SpoolSchedule(message.Queue, message.Due, message.Attempts),
                withMetadata ? message.MetadataJson : null, new SpoolFence(_queue, _epoch)).ConfigureAwait(false);
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
        returned = returned with { Messages = returned.Messages.Where(m => TakeBack(m.Id)).ToList() };
        if (returned.Messages.Count == 0)
        {
            return;
        }
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
        // Not while messages are out at paths or the load runs: a new incarnation would load and offer them again.
        if (_scheduled.Count == 0 && _parked.Count == 0 && _offered.Count == 0 && !_loading)
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
            if (_held.Contains(message.Id))
            {
                all.Add(message);
            }
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
        if (_retired)
        {
            Context.Stop(Self);
            return;
        }
        var remaining = TakeAll();
        if (remaining.Count > 0)
        {
            _services.Queues.Tell(new ShardingEnvelope(_queue, new EnqueueMessages(remaining)));
        }
        else if (_offered.Count > 0)
        {
            // Hand-off with mail out at paths: start the queue on its new node, which loads it from the spool.
            _services.Queues.Tell(new ShardingEnvelope(_queue, WakeQueue.Instance));
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
            Offered = _offered.Count,
            Epoch = _epoch,
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

    private sealed record Claimed(long Epoch, string? Error) : INoSerializationVerificationNeeded;

    private sealed record RetryClaim : INoSerializationVerificationNeeded;

    private sealed record Loaded(List<QueuedMessage> Messages, HashSet<string>? Seen) : INoSerializationVerificationNeeded;

    private sealed record LoadDone(int Count, HashSet<string>? Seen, string? Error) : INoSerializationVerificationNeeded;

    private sealed record Reap : INoSerializationVerificationNeeded
    {
        public static readonly Reap Instance = new();
    }


    [LoggerMessage(Level = LogLevel.Error, Message = "{Queue}: claiming the queue in the spool failed, retrying: {Reason}")]
    private static partial void LogClaimFailed(ILogger logger, string queue, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Queue}: loading its messages from the spool failed after {Count}, retrying: {Reason}")]
    private static partial void LogLoadFailed(ILogger logger, string queue, int count, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Queue}: epoch {Epoch} read {Count} spooled messages ({Why})")]
    private static partial void LogLoaded(ILogger logger, string queue, long epoch, int count, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Queue}: epoch {Epoch} was superseded by a newer owner of the queue; this incarnation retires")]
    private static partial void LogSuperseded(ILogger logger, string queue, long epoch);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Queue}: get_queue_config failed: {Reason}")]
    private static partial void LogConfigFailed(ILogger logger, string queue, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Saving the retry schedule of {Id} failed ({Reason}); after a restart it is due at once")]
    private static partial void LogPersistFailed(ILogger logger, string id, string reason);
}
