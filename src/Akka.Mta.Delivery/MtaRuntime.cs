using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Mta.Delivery.Clustering;
using Akka.Mta.Core;
using Akka.Mta.Core.Queues;
using Akka.Mta.Delivery.Admin;
using Akka.Mta.Delivery.Automation;
using Akka.Mta.Delivery.Configuration;
using Akka.Mta.Delivery.Egress;
using Akka.Mta.Delivery.Queueing;
using Akka.Mta.Persistence.Spool;
using Akka.Mta.Shaping.Merging;
using Akka.Mta.Policy;
using Microsoft.Extensions.Logging;

namespace Akka.Mta.Delivery;

/// <summary>
/// Delivery on one node: starts the ScheduledQueue and EgressPath shard regions and the spool
/// sweeper (queues load their own messages: nothing reads the spool at start), and is the <see cref="IMessageSubmitter"/> reception hands messages to
/// (spool first, then the queue, then the <c>Reception</c> record).
/// </summary>
public sealed partial class MtaRuntime : IMessageSubmitter
{
    public const string QueueTypeName = "scheduled-queue";
    public const string PathTypeName = "egress-path";

    private readonly ActorSystem _system;
    private readonly DeliveryServices _services;
    private readonly ILogger _logger;
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);
    private IActorRef? _tsa;

    private MtaRuntime(ActorSystem system, DeliveryServices services)
    {
        _system = system;
        _services = services;
        _logger = services.LoggerFactory.CreateLogger<MtaRuntime>();
    }

    public DeliveryServices Services => _services;

    /// <summary>
    /// Starts the ScheduledQueue and EgressPath shard regions and the admin-controls singleton on
    /// <paramref name="system"/> (a cluster member that is Up), and the spool sweeper singleton that wakes
    /// the queues with spooled mail; the queues load their messages themselves (see <see cref="ScheduledQueueActor"/>).
    /// </summary>
    public static Task<MtaRuntime> StartAsync(ActorSystem system, DeliveryServices services, CancellationToken cancellationToken = default)
    {
        var sharding = ClusterSharding.Get(system);
        // Neither passivates when idle: a queue reaps itself when empty, a path keeps its state.
        var settings = ClusterShardingSettings.Create(system).WithPassivateIdleAfter(TimeSpan.Zero);
        var extractor = new EntityMessageExtractor(EntityMessageExtractor.DefaultShards);
        services.Queues = sharding.Start(QueueTypeName, id => Props.Create(() => new ScheduledQueueActor(id, services)), settings, extractor,
            sharding.DefaultShardAllocationStrategy(settings), StopQueue.Instance);
        services.Paths = sharding.Start(PathTypeName, id => LogHooks.LogHookRouting.IsHookPath(id)
            ? Props.Create(() => new LogHooks.LogHookPathActor(id, services))
            : Props.Create(() => new EgressPathActor(id, services)), settings, extractor,
            sharding.DefaultShardAllocationStrategy(settings), StopPath.Instance);
        // Before any entity starts: every queue and path asks the controls what applies to it.
        services.AdminControls = Singletons.Start(system, "admin-controls", Props.Create(() => new AdminControlsActor(services)));
        LogHooks.LogHookWiring.Attach(services);
        if (services.RunSpoolSweeper)
        {
            Singletons.Start(system, "spool-sweeper", Props.Create(() => new SpoolSweeper(services)));
        }
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(new MtaRuntime(system, services));
    }

    public async Task<IReadOnlyList<SpoolId>> SubmitAsync(IReadOnlyList<InboundMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var now = _services.Time.GetUtcNow();
        var prepared = messages.Select(m => Prepare(m, now)).ToList();
        await Task.WhenAll(prepared.Select(p => _services.Spool.StoreAsync(p.Spooled, cancellationToken))).ConfigureAwait(false);
        foreach (var group in prepared.GroupBy(p => p.Queued.Queue, StringComparer.Ordinal))
        {
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
    /// files the policy loaded, re-read when it reloads), its state persisted with Akka.Persistence.
    /// </summary>
    public void StartAutomation(Func<ShapingModel?> currentModel)
    {
        _tsa = Singletons.Start(_system, "tsa", Props.Create(() => new TsaActor(this, currentModel, _services.Time, _services.LoggerFactory)));
        // The records go to the singleton's proxy, subscribed before this returns: the proxy queues
        // them while the singleton starts and recovers its state, so none logged meanwhile is missed.
        _system.EventStream.Subscribe(_tsa, typeof(Core.Logging.LogRecord));
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

    /// <summary>A scheduled queue in detail with at most <paramref name="limit"/> messages, for inspect-sched-q (creates the entity when it does not run).</summary>
    public Task<ScheduledQueueDetail> GetQueueDetailAsync(string queue, int? limit) =>
        _services.Queues.Ask<ScheduledQueueDetail>(new ShardingEnvelope(queue, new GetScheduledQueueDetail(limit)), AskTimeout);

    public Task<EgressPathState> GetPathStateAsync(string path) =>
        _services.Paths.Ask<EgressPathState>(new ShardingEnvelope(path, new GetEgressPathState()), TimeSpan.FromSeconds(10));

    /// <summary>An egress path in detail, for inspect-ready-q (creates the entity when it does not run).</summary>
    public Task<EgressPathDetail> GetPathDetailAsync(string path) =>
        _services.Paths.Ask<EgressPathDetail>(new ShardingEnvelope(path, new GetEgressPathDetail()), AskTimeout);

    /// <summary>Suspends an egress path until <paramref name="expires"/> (one suspension per path: a new one replaces it).</summary>
    /// <exception cref="FormatException"><paramref name="path"/> is not <c>source-&gt;site@protocol</c>.</exception>
    public async Task<PathSuspension> SuspendPathAsync(string path, string reason, DateTimeOffset expires)
    {
        EgressPathId.Parse(path);
        var suspension = new PathSuspension(Guid.NewGuid().ToString(), path, reason, expires);
        await ChangeAsync(new AddPathSuspension(suspension)).ConfigureAwait(false);
        return suspension;
    }

    /// <summary>Lifts a path suspension by id; false when there is none.</summary>
    public Task<bool> ResumePathAsync(string suspensionId) => ChangeAsync(new RemoveControl(ControlKind.PathSuspension, suspensionId));

    /// <summary>Lowers one numeric option of a path now and lets it recover in steps (automation's AdjustConfig).</summary>
    public void AdjustPath(string path, AdjustEgressPathOption adjust) =>
        _services.Paths.Tell(new ShardingEnvelope(path, adjust));

    /// <summary>Overrides egress path options (a JSON object of path options) until <paramref name="expires"/>.</summary>
    public void OverridePath(string path, string optionsJson, string reason, DateTimeOffset expires) =>
        _services.Paths.Tell(new ShardingEnvelope(path, new SetEgressPathOverrides(optionsJson, reason, expires)));

    /// <summary>Suspends matching scheduled queues; their due messages wait (logged as transient failures).</summary>
    public async Task<QueueSuspension> SuspendQueuesAsync(QueueSuspension suspension)
    {
        await ChangeAsync(new AddQueueSuspension(suspension)).ConfigureAwait(false);
        return suspension;
    }

    public Task<bool> ResumeQueuesAsync(string suspensionId) => ChangeAsync(new RemoveControl(ControlKind.QueueSuspension, suspensionId));

    /// <summary>Bounces every message of the matching queues now and, until it expires, every message that arrives in them.</summary>
    public async Task<AdminBounce> BounceAsync(AdminBounce bounce)
    {
        await ChangeAsync(new AddBounce(bounce)).ConfigureAwait(false);
        return bounce;
    }

    public Task<bool> CancelBounceAsync(string bounceId) => ChangeAsync(new RemoveControl(ControlKind.Bounce, bounceId));

    /// <summary>
    /// KumoMTA's rebind: writes <paramref name="data"/> into the metadata of every message of the
    /// matching queues; a message whose queue name changes moves to that queue, due now (all of them
    /// with <paramref name="alwaysFlush"/>). Logged as <c>AdminRebind</c> unless suppressed.
    /// Answers how many running queues matched.
    /// </summary>
    public async Task<int> RebindAsync(QueueCriteria criteria, IReadOnlyDictionary<string, string> data, string reason, bool alwaysFlush, bool suppressLogging)
    {
        var dataJson = JsonSerializer.Serialize(data.ToDictionary(kv => kv.Key, kv => kv.Value), DeliveryMessagesJsonContext.Default.DictionaryStringString);
        var started = await _services.AdminControls.Ask<RebindStarted>(new RebindQueues(criteria, dataJson, reason, alwaysFlush, suppressLogging), AskTimeout)
            .ConfigureAwait(false);
        return started.Queues;
    }

    /// <summary>The admin controls in force, with the bounce counts so far.</summary>
    public Task<AdminControlsView> GetAdminControlsAsync() => _services.AdminControls.Ask<AdminControlsView>(new GetAdminControls(), AskTimeout);

    /// <summary>The scheduled queues and egress paths that run now.</summary>
    public Task<RunningEntities> GetRunningEntitiesAsync() => _services.AdminControls.Ask<RunningEntities>(new GetRunningEntities(), AskTimeout);

    /// <summary>Sends a change to the admin controls; completes once it is saved and told to the entities it concerns.</summary>
    private async Task<bool> ChangeAsync(object change) =>
        (await _services.AdminControls.Ask<ControlChanged>(change, AskTimeout).ConfigureAwait(false)).Found;

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
    public long MaxConnections => EgressPathConfigView.MaxConnections(PathConfig);

    /// <summary>The slowest message-rate throttle of the path and the queue (null: none).</summary>
    public Core.Throttling.ThrottleSpec? SlowestMessageRate => EgressPathConfigView.SlowestMessageRate(PathConfig, QueueConfig);
}
