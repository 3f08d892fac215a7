using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Mta.Actors;
using Akka.Mta.Cluster;
using Akka.Mta.Core;
using Akka.Mta.Core.Queues;
using Akka.Mta.Delivery.Admin;
using Akka.Mta.Delivery.Automation;
using Akka.Mta.Delivery.Configuration;
using Akka.Mta.Delivery.Egress;
using Akka.Mta.Delivery.Queueing;
using Akka.Mta.Persistence.Snapshots;
using Akka.Mta.Persistence.Spool;
using Akka.Mta.Shaping.Merging;
using Akka.Mta.Policy;
using Microsoft.Extensions.Logging;

namespace Akka.Mta.Delivery;

/// <summary>
/// Delivery on one node: starts the ScheduledQueue and EgressPath shard regions, re-queues what
/// the spool holds, and is the <see cref="IMessageSubmitter"/> reception hands messages to
/// (spool first, then the queue, then the <c>Reception</c> record).
/// </summary>
public sealed partial class MtaRuntime : IMessageSubmitter
{
    public const string QueueTypeName = "scheduled-queue";
    public const string PathTypeName = "egress-path";

    private readonly ActorSystem _system;
    private readonly DeliveryServices _services;
    private readonly ILogger _logger;
    private IActorRef? _tsa;
    private readonly List<PathSuspension> _pathSuspensions = [];
    private Task _lastSave = Task.CompletedTask;

    private MtaRuntime(ActorSystem system, DeliveryServices services)
    {
        _system = system;
        _services = services;
        _logger = services.LoggerFactory.CreateLogger<MtaRuntime>();
    }

    public DeliveryServices Services => _services;

    /// <summary>Starts the regions on <paramref name="system"/> and re-queues every spooled message.</summary>
    public static async Task<MtaRuntime> StartAsync(ActorSystem system, DeliveryServices services, CancellationToken cancellationToken = default)
    {
        MessageSerialization.Get(system).Register(DeliveryMessagesJsonContext.Default);
        var settings = new ClusterShardingSettings { PassivateIdleEntityAfter = null };
        var sharding = ClusterSharding.Get(system);
        services.Queues = sharding.Start(QueueTypeName, id => Props.Create(() => new ScheduledQueueActor(id, services)),
            MessageExtractor.ForEnvelopes(100), settings);
        services.Paths = sharding.Start(PathTypeName, id => Props.Create(() => new EgressPathActor(id, services)),
            MessageExtractor.ForEnvelopes(100), settings);
        var runtime = new MtaRuntime(system, services);
        await runtime.RestoreControlsAsync(cancellationToken).ConfigureAwait(false);
        await runtime.RecoverAsync(cancellationToken).ConfigureAwait(false);
        return runtime;
    }

    public async Task<IReadOnlyList<SpoolId>> SubmitAsync(IReadOnlyList<InboundMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var now = _services.Time.GetUtcNow();
        var prepared = messages.Select(m => Prepare(m, now)).ToList();
        await Task.WhenAll(prepared.Select(p => _services.Spool.StoreAsync(p.Spooled, cancellationToken))).ConfigureAwait(false);
        foreach (var group in prepared.GroupBy(p => p.Queued.Queue, StringComparer.Ordinal))
        {
            Known(group.Key);
            _services.Queues.Tell(new ShardingEnvelope(group.Key, new EnqueueMessages(group.Select(p => p.Queued).ToList())));
        }
        foreach (var (queued, _, inbound) in prepared)
        {
            _services.Outcomes.LogReception(queued, inbound.ReceptionProtocol, inbound.PeerAddress);
        }
        return prepared.Select(p => p.Spooled.Id).ToList();
    }

    /// <summary>
    /// Starts the TSA singleton: automation rules from <paramref name="currentModel"/> (the shaping
    /// files the policy loaded, re-read when it reloads), state in <paramref name="snapshots"/>.
    /// </summary>
    public void StartAutomation(ISnapshotStore snapshots, Func<ShapingModel?> currentModel)
    {
        _tsa = ClusterSingleton.Get(_system).Init("tsa",
            Props.Create(() => new TsaActor(this, snapshots, currentModel, _services.Time, _services.LoggerFactory)));
        // The records go to the singleton's proxy, subscribed before this returns: the proxy queues
        // them while the singleton starts and loads its state, so none logged meanwhile is missed.
        MessageSerialization.Get(_system).Register(typeof(Core.Logging.LogRecord), Core.Logging.LogRecord.SerializerContext);
        _system.EventStream.Subscribe<Core.Logging.LogRecord>(_tsa);
    }

    /// <summary>
    /// What mail for <paramref name="domain"/> from <paramref name="source"/> (default: the pool's first
    /// source) would meet: its queue and queue config, the route (site and addresses) and the egress
    /// path with its config and effective ceilings — KumoMTA's resolve-egress-path.
    /// </summary>
    public async Task<EgressPathResolution> ResolveEgressPathAsync(string domain, string? source, string? tenant = null, string? campaign = null,
        CancellationToken cancellationToken = default)
    {
        var queue = ScheduledQueueName.For(domain, tenant, campaign, null);
        var queueConfig = _services.Config.GetQueueConfig(queue);
        var pool = queueConfig.EgressPool ?? EgressPathId.UnspecifiedSource;
        source ??= _services.Config.GetEgressPool(pool).Entries.FirstOrDefault(e => e.Weight > 0)?.Name
            ?? throw new DeliveryConfigException($"egress pool {pool} has no source with a weight above 0");
        var protocol = queueConfig.Protocol as Shaping.Options.SmtpProtocol ?? Shaping.Options.SmtpProtocol.Default;
        var route = await _services.Routes.ResolveAsync(queue.Domain, protocol, cancellationToken).ConfigureAwait(false);
        var path = new EgressPathId(source, route.Site);
        var pathConfig = _services.Config.GetEgressPathConfig(queue.Domain, source, route.Site);
        return new EgressPathResolution(queue.ToString(), queueConfig, pool, route, path.ToString(), pathConfig);
    }

    /// <summary>The TSA's rules, counters and active effects.</summary>
    public Task<TsaStatus> GetTsaStatusAsync() =>
        (_tsa ?? throw new InvalidOperationException("automation is not started")).Ask<TsaStatus>(new GetTsaStatus(), TimeSpan.FromSeconds(10));

    /// <summary>The state of a scheduled queue (creates the entity when it does not run).</summary>
    public Task<ScheduledQueueState> GetQueueStateAsync(string queue) =>
        _services.Queues.Ask<ScheduledQueueState>(new ShardingEnvelope(queue, new GetScheduledQueueState()), TimeSpan.FromSeconds(10));

    public Task<EgressPathState> GetPathStateAsync(string path) =>
        _services.Paths.Ask<EgressPathState>(new ShardingEnvelope(path, new GetEgressPathState()), TimeSpan.FromSeconds(10));

    /// <summary>Suspends an egress path until <paramref name="expires"/> (one suspension per path: a new one replaces it).</summary>
    public PathSuspension SuspendPath(string path, string reason, DateTimeOffset expires)
    {
        var suspension = new PathSuspension(Guid.NewGuid().ToString(), path, reason, expires);
        lock (_pathSuspensions)
        {
            _pathSuspensions.RemoveAll(s => s.Name == path);
            _pathSuspensions.Add(suspension);
        }
        _services.KnownPaths.Add(path);
        _services.Paths.Tell(new ShardingEnvelope(path, new SuspendEgressPath(reason, expires)));
        SaveControls();
        return suspension;
    }

    /// <summary>The path suspensions in force.</summary>
    public IReadOnlyList<PathSuspension> PathSuspensions()
    {
        var now = _services.Time.GetUtcNow();
        lock (_pathSuspensions)
        {
            _pathSuspensions.RemoveAll(s => s.Expires <= now);
            return [.. _pathSuspensions];
        }
    }

    /// <summary>Lifts a path suspension by id; false when there is none.</summary>
    public bool ResumePath(string suspensionId)
    {
        PathSuspension? found;
        lock (_pathSuspensions)
        {
            found = _pathSuspensions.FirstOrDefault(s => s.Id == suspensionId);
            if (found is not null)
            {
                _pathSuspensions.Remove(found);
            }
        }
        if (found is null)
        {
            return false;
        }
        _services.Paths.Tell(new ShardingEnvelope(found.Name, new ResumeEgressPath()));
        SaveControls();
        return true;
    }

    /// <summary>Lowers one numeric option of a path now and lets it recover in steps (automation's AdjustConfig).</summary>
    public void AdjustPath(string path, AdjustEgressPathOption adjust)
    {
        _services.KnownPaths.Add(path);
        _services.Paths.Tell(new ShardingEnvelope(path, adjust));
    }

    /// <summary>Overrides egress path options (a JSON object of path options) until <paramref name="expires"/>.</summary>
    public void OverridePath(string path, string optionsJson, string reason, DateTimeOffset expires)
    {
        _services.KnownPaths.Add(path);
        _services.Paths.Tell(new ShardingEnvelope(path, new SetEgressPathOverrides(optionsJson, reason, expires)));
    }

    /// <summary>Suspends matching scheduled queues; their due messages wait (logged as transient failures).</summary>
    public QueueSuspension SuspendQueues(QueueSuspension suspension)
    {
        _services.Suspensions.Add(suspension);
        SaveControls();
        return suspension;
    }

    public bool ResumeQueues(string suspensionId)
    {
        var removed = _services.Suspensions.Remove(suspensionId);
        SaveControls();
        return removed;
    }

    /// <summary>Bounces every message of the matching queues now and, until it expires, every message that arrives in them.</summary>
    public AdminBounce Bounce(AdminBounce bounce)
    {
        _services.Bounces.Add(bounce);
        SaveControls();
        foreach (var queue in KnownQueues().Where(q => bounce.Criteria.Matches(ScheduledQueueName.Parse(q))))
        {
            _services.Queues.Tell(new ShardingEnvelope(queue, new ApplyAdminControls()));
        }
        return bounce;
    }

    /// <summary>
    /// KumoMTA's rebind: writes <paramref name="data"/> into the metadata of every message of the
    /// matching queues; a message whose queue name changes moves to that queue, due now (all of them
    /// with <paramref name="alwaysFlush"/>). Logged as <c>AdminRebind</c> unless suppressed.
    /// </summary>
    public int Rebind(QueueCriteria criteria, IReadOnlyDictionary<string, string> data, string reason, bool alwaysFlush, bool suppressLogging)
    {
        var queues = KnownQueues().Where(q => criteria.Matches(ScheduledQueueName.Parse(q))).ToList();
        var dataJson = System.Text.Json.JsonSerializer.Serialize(data.ToDictionary(kv => kv.Key, kv => kv.Value), DeliveryMessagesJsonContext.Default.DictionaryStringString);
        foreach (var queue in queues)
        {
            _services.Queues.Tell(new ShardingEnvelope(queue, new RebindMessages(dataJson, reason, alwaysFlush, suppressLogging)));
        }
        return queues.Count;
    }

    public bool CancelBounce(string bounceId)
    {
        var removed = _services.Bounces.Remove(bounceId);
        SaveControls();
        return removed;
    }

    /// <summary>Completes when every admin control change made so far is saved.</summary>
    public Task WhenControlsSaved()
    {
        lock (_pathSuspensions)
        {
            return _lastSave;
        }
    }

    /// <summary>Saves the admin controls in force; a failed save is logged.</summary>
    private void SaveControls()
    {
        var store = _services.Controls;
        var controls = new AdminControls(
            _services.Suspensions.Active,
            [.. _services.Bounces.Active.Select(b => new SavedBounce(b.Id, b.Reason, b.Expires, b.Criteria, b.SuppressLogging))],
            PathSuspensions());
        lock (_pathSuspensions)
        {
            _lastSave = _lastSave.ContinueWith(_ => SaveAsync(), TaskScheduler.Default).Unwrap();
        }

        async Task SaveAsync()
        {
            try
            {
                await store.SaveAsync(controls).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                LogControlsNotSaved(_logger, e.Message);
            }
        }
    }

    /// <summary>Puts the saved admin controls back in force (those not yet expired).</summary>
    private async Task RestoreControlsAsync(CancellationToken cancellationToken)
    {
        var controls = await _services.Controls.LoadAsync(cancellationToken).ConfigureAwait(false);
        var now = _services.Time.GetUtcNow();
        foreach (var suspension in controls.Suspensions.Where(s => s.Expires > now))
        {
            _services.Suspensions.Add(suspension);
        }
        foreach (var bounce in controls.Bounces.Where(b => b.Expires > now))
        {
            _services.Bounces.Add(new AdminBounce(bounce.Id, bounce.Reason, bounce.Expires, bounce.Criteria, bounce.SuppressLogging));
        }
        foreach (var path in controls.Paths.Where(p => p.Expires > now))
        {
            lock (_pathSuspensions)
            {
                _pathSuspensions.Add(path);
            }
            _services.KnownPaths.Add(path.Name);
            _services.Paths.Tell(new ShardingEnvelope(path.Name, new SuspendEgressPath(path.Reason, path.Expires)));
        }
    }

    /// <summary>The scheduled queues this node has put messages in since it started.</summary>
    public IReadOnlyCollection<string> KnownQueues() => _services.KnownQueues.Snapshot();

    /// <summary>The egress paths this node's queues have offered messages to, or that were suspended or overridden here.</summary>
    public IReadOnlyCollection<string> KnownPaths() => _services.KnownPaths.Snapshot();

    private void Known(string queue) => _services.KnownQueues.Add(queue);

    private (QueuedMessage Queued, SpoolMessage Spooled, InboundMessage Inbound) Prepare(InboundMessage message, DateTimeOffset now)
    {
        var id = message.Id ?? SpoolId.New(_services.Time);
        var queue = QueueNaming.QueueOf(message.Recipient, message.Meta);
        var meta = new JsonObject(message.Meta.Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.DeepClone())));
        var metaJson = meta.ToJsonString();
        var queued = new QueuedMessage(id.ToString(), message.Sender, message.Recipient, queue, now, 0, now, message.Body.Length, metaJson);
        var spooled = new SpoolMessage(id, new SpoolEnvelope(message.Sender, [message.Recipient]),
            new SpoolSchedule(queue, now, 0), metaJson, message.Body);
        return (queued, spooled, message);
    }

    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        var batches = new Dictionary<string, List<QueuedMessage>>(StringComparer.Ordinal);
        await foreach (var entry in _services.Spool.EnumerateAllAsync(cancellationToken).ConfigureAwait(false))
        {
            var queued = new QueuedMessage(entry.Id.ToString(), entry.Envelope.Sender, entry.Envelope.Recipients.FirstOrDefault() ?? "",
                entry.Schedule.Queue, entry.Id.Timestamp, entry.Schedule.Attempts, entry.Schedule.Due, entry.BodyLength, MetaOrEmpty(entry.MetadataJson));
            if (!batches.TryGetValue(queued.Queue, out var batch))
            {
                batches[queued.Queue] = batch = [];
            }
            batch.Add(queued);
            count++;
            if (batch.Count >= 1000)
            {
                Flush(queued.Queue, batch);
                batches.Remove(queued.Queue);
            }
        }
        foreach (var (queue, batch) in batches)
        {
            Flush(queue, batch);
        }
        LogRecovered(_logger, count);

        void Flush(string queue, List<QueuedMessage> batch)
        {
            Known(queue);
            _services.Queues.Tell(new ShardingEnvelope(queue, new EnqueueMessages(batch)));
        }
    }

    private static string MetaOrEmpty(string json)
    {
        try
        {
            using var _ = JsonDocument.Parse(json);
            return json;
        }
        catch (JsonException)
        {
            return "{}";
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Saving the admin controls failed ({Reason}); they hold until a restart")]
    private static partial void LogControlsNotSaved(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recovered {Count} spooled messages into their scheduled queues")]
    private static partial void LogRecovered(ILogger logger, int count);
}

/// <summary>The answer of <see cref="MtaRuntime.ResolveEgressPathAsync"/>.</summary>
public sealed record EgressPathResolution(
    string Queue,
    Shaping.Options.QueueConfig QueueConfig,
    string EgressPool,
    Routing.Route Route,
    string Path,
    Shaping.Options.EgressPathConfig PathConfig)
{
    /// <summary>At most this many connections: connection_limit and every additional limit.</summary>
    public long MaxConnections => PathConfig.AdditionalConnectionLimits.Values.Select(l => l.Limit).Prepend(PathConfig.ConnectionLimit.Limit).Min();

    /// <summary>The slowest message-rate throttle of the path and the queue (null: none).</summary>
    public Core.Throttling.ThrottleSpec? SlowestMessageRate =>
        PathConfig.AdditionalMessageRateThrottles.Values
            .Append(PathConfig.MaxMessageRate).Append(QueueConfig.MaxMessageRate)
            .OfType<Core.Throttling.ThrottleSpec>()
            .OrderByDescending(t => t.IntervalSeconds)
            .FirstOrDefault();
}
