using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Mta.Delivery.Clustering;
using Akka.Persistence;
using Akka.Mta.Core.Queues;
using Akka.Mta.Delivery.Queueing;
using Microsoft.Extensions.Logging;

namespace Akka.Mta.Delivery.Admin;

/// <summary>
/// The admin controls, one owner per cluster (a singleton): scheduled-queue suspensions, admin
/// bounces, egress path suspensions and sender pauses, set by the admin API and by the TSA. It
/// saves them before it answers a change (so they last across a restart until they expire) and
/// tells every running entity they concern: scheduled queues and egress paths announce themselves
/// (<see cref="WatchQueueControls"/>, <see cref="WatchPathControls"/>) and hold their mail until
/// they have their first answer, so an entity started after a change, or on another node, obeys it
/// too. It also knows which entities run, for the admin API's listings.
/// <code>
///   Recovering (commands stashed by Akka.Persistence) --RecoveryCompleted--> Ready
///   Ready: a change is applied and told, persisted as AdminControlsSaved, then answered
/// </code>
/// </summary>
public sealed partial class AdminControlsActor : ReceivePersistentActor, IWithTimers
{
    public const string Id = "admin-controls";
    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(1);

    private readonly DeliveryServices _services;
    private readonly ILogger _logger;
    private readonly Dictionary<string, IActorRef> _queues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IActorRef> _paths = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, long>> _bounced = new(StringComparer.Ordinal);
    private List<QueueSuspension> _suspensions = [];
    private List<AdminBounce> _bounces = [];
    private List<PathSuspension> _pathSuspensions = [];
    private List<SenderPause> _senderPauses = [];

    public AdminControlsActor(DeliveryServices services)
    {
        _services = services;
        _logger = services.LoggerFactory.CreateLogger<AdminControlsActor>();
        Recover<AdminControlsSaved>(saved => Restore(saved.Controls));
        Recover<RecoveryCompleted>(_ => Recovered());
        Command<WatchQueueControls>(watch => Watch(_queues, watch.Queue, QueueControls(ScheduledQueueName.Parse(watch.Queue))));
        Command<WatchPathControls>(watch => Watch(_paths, watch.Path, PathControls(watch.Path)));
        Command<Terminated>(Forget);
        Command<BouncesCounted>(Count);
        Command<AddQueueSuspension>(add => Change(() => AddSuspension(add.Suspension)));
        Command<AddBounce>(add => Change(() => AddBounce(add.Bounce)));
        Command<AddPathSuspension>(add => Change(() => SuspendPath(add.Suspension)));
        Command<AddSenderPause>(add => Change(() => PauseSender(add.Pause)));
        Command<RemoveControl>(remove => Change(() => Remove(remove)));
        Command<RebindQueues>(Rebind);
        Command<GetAdminControls>(_ => Sender.Tell(View()));
        Command<GetRunningEntities>(_ => Sender.Tell(new RunningEntities(
            [.. _queues.Keys.Order(StringComparer.Ordinal)], [.. _paths.Keys.Order(StringComparer.Ordinal)])));
        Command<PruneTick>(_ => Prune());
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(failure => LogDeleteFailed(_logger, failure.Cause.Message));
    }

    public override string PersistenceId => Id;

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now => _services.Time.GetUtcNow();

    private void Restore(AdminControls saved)
    {
        var now = Now;
        _suspensions = [.. saved.Suspensions.Where(s => s.Expires > now)];
        _bounces = [.. saved.Bounces.Where(b => b.Expires > now)];
        _pathSuspensions = [.. saved.Paths.Where(p => p.Expires > now)];
        _senderPauses = [.. (saved.SenderPauses ?? []).Where(p => p.Expires > now)];
    }

    private void Recovered()
    {
        // A path suspended before the restart is woken so that it suspends itself again.
        foreach (var suspension in _pathSuspensions)
        {
            _services.Paths.Tell(new ShardingEnvelope(suspension.Name, PathControls(suspension.Name)));
        }
        Timers.StartPeriodicTimer("prune", PruneTick.Instance, PruneEvery);
    }

    /// <summary>A store that fails stops this actor; its backoff supervisor starts it again, recovering what was saved.</summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        LogSaveFailed(_logger, cause.Message);
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        LogRestoreFailed(_logger, reason.Message);
        base.OnRecoveryFailure(reason, message);
    }

    /// <summary>Registers (or renews) a running entity and answers it with what applies to it.</summary>
    private void Watch(Dictionary<string, IActorRef> entities, string name, object controls)
    {
        if (!entities.TryGetValue(name, out var known) || !known.Equals(Sender))
        {
            entities[name] = Sender;
            Context.Watch(Sender);
        }
        Sender.Tell(controls);
    }

    /// <summary>An entity stopped (a queue reaped); a newer incarnation of the same name stays.</summary>
    private void Forget(Terminated terminated)
    {
        foreach (var entities in new[] { _queues, _paths })
        {
            foreach (var (name, entity) in entities.Where(e => e.Value.Equals(terminated.ActorRef)).ToList())
            {
                entities.Remove(name);
            }
        }
    }

    private void Count(BouncesCounted counted)
    {
        if (!_bounced.TryGetValue(counted.BounceId, out var byQueue))
        {
            _bounced[counted.BounceId] = byQueue = new Dictionary<string, long>(StringComparer.Ordinal);
        }
        byQueue[counted.Queue] = byQueue.GetValueOrDefault(counted.Queue) + counted.Count;
    }

    /// <summary>Applies a change, persists the controls and answers <see cref="ControlChanged"/> once they are durable.</summary>
    private void Change(Func<bool> change)
    {
        var sender = Sender;
        var found = change();
        Prune();
        Persist(new AdminControlsSaved(Controls()), _ =>
        {
            sender.Tell(new ControlChanged(found));
            // Each event holds the whole set: the older ones are of no further use.
            if (LastSequenceNr > 1)
            {
                DeleteMessages(LastSequenceNr - 1);
            }
        });
    }

    private bool AddSuspension(QueueSuspension suspension)
    {
        _suspensions.RemoveAll(s => s.Criteria.SameAs(suspension.Criteria));
        _suspensions.Add(suspension);
        TellQueues(suspension.Criteria);
        return true;
    }

    private bool AddBounce(AdminBounce bounce)
    {
        _bounces.RemoveAll(b => b.Criteria.SameAs(bounce.Criteria));
        _bounces.Add(bounce);
        TellQueues(bounce.Criteria);
        TellPaths(_ => true);
        return true;
    }

    private bool SuspendPath(PathSuspension suspension)
    {
        _pathSuspensions.RemoveAll(s => s.Name == suspension.Name);
        _pathSuspensions.Add(suspension);
        // The path may not run yet (suspended ahead of its first mail): the region starts it.
        var controls = PathControls(suspension.Name);
        if (_paths.TryGetValue(suspension.Name, out var path))
        {
            path.Tell(controls);
        }
        else
        {
            _services.Paths.Tell(new ShardingEnvelope(suspension.Name, controls));
        }
        return true;
    }

    private bool PauseSender(SenderPause pause)
    {
        _senderPauses.RemoveAll(p => p.SameAs(pause));
        _senderPauses.Add(pause);
        TellPaths(path => SiteOf(path) == pause.Site);
        return true;
    }

    private bool Remove(RemoveControl remove)
    {
        switch (remove.Kind)
        {
            case ControlKind.QueueSuspension when _suspensions.Find(s => s.Id == remove.Id) is { } suspension:
                _suspensions.Remove(suspension);
                TellQueues(suspension.Criteria);
                return true;
            case ControlKind.Bounce when _bounces.Find(b => b.Id == remove.Id) is { } bounce:
                _bounces.Remove(bounce);
                TellQueues(bounce.Criteria);
                TellPaths(_ => true);
                return true;
            case ControlKind.PathSuspension when _pathSuspensions.Find(s => s.Id == remove.Id) is { } path:
                _pathSuspensions.Remove(path);
                TellPaths(name => name == path.Name);
                return true;
            default:
                return false;
        }
    }

    private void Rebind(RebindQueues rebind)
    {
        var message = new RebindMessages(rebind.DataJson, rebind.Reason, rebind.AlwaysFlush, rebind.SuppressLogging);
        var matching = _queues.Where(q => rebind.Criteria.Matches(ScheduledQueueName.Parse(q.Key))).ToList();
        foreach (var (_, queue) in matching)
        {
            queue.Tell(message);
        }
        Sender.Tell(new RebindStarted(matching.Count));
    }

    private void TellQueues(QueueCriteria criteria)
    {
        foreach (var (name, queue) in _queues)
        {
            var parsed = ScheduledQueueName.Parse(name);
            if (criteria.Matches(parsed))
            {
                queue.Tell(QueueControls(parsed));
            }
        }
    }

    private void TellPaths(Func<string, bool> which)
    {
        foreach (var (name, path) in _paths)
        {
            if (which(name))
            {
                path.Tell(PathControls(name));
            }
        }
    }

    private QueueControlsInForce QueueControls(ScheduledQueueName queue) => new(
        [.. _suspensions.Where(s => s.Criteria.Matches(queue))],
        [.. _bounces.Where(b => b.Criteria.Matches(queue))]);

    private PathControlsInForce PathControls(string path)
    {
        var site = SiteOf(path);
        return new PathControlsInForce(_pathSuspensions.Find(s => s.Name == path), [.. _bounces],
            [.. _senderPauses.Where(p => p.Site == site)]);
    }

    private static string SiteOf(string path) => EgressPathId.Parse(path).Site;

    /// <summary>Drops what has expired (entities judge expiry themselves; this keeps the listings and the snapshot short).</summary>
    private void Prune()
    {
        var now = Now;
        _suspensions.RemoveAll(s => s.Expires <= now);
        _pathSuspensions.RemoveAll(s => s.Expires <= now);
        _senderPauses.RemoveAll(p => p.Expires <= now);
        foreach (var bounce in _bounces.Where(b => b.Expires <= now).ToList())
        {
            _bounces.Remove(bounce);
            _bounced.Remove(bounce.Id);
        }
    }

    private AdminControls Controls() => new([.. _suspensions], [.. _bounces], [.. _pathSuspensions], [.. _senderPauses]);

    private AdminControlsView View()
    {
        Prune();
        return new AdminControlsView(Controls(), _bounced.ToDictionary(kv => kv.Key, kv => new Dictionary<string, long>(kv.Value, StringComparer.Ordinal), StringComparer.Ordinal));
    }

    private sealed record PruneTick : INoSerializationVerificationNeeded
    {
        public static readonly PruneTick Instance = new();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Recovering the saved admin controls failed ({Reason}); retrying after a pause")]
    private static partial void LogRestoreFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Saving the admin controls failed ({Reason}); the change is not answered, the controls restart from what was saved")]
    private static partial void LogSaveFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting superseded admin-controls events failed: {Reason}")]
    private static partial void LogDeleteFailed(ILogger logger, string reason);
}
