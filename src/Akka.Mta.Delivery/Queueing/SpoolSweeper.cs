using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Microsoft.Extensions.Logging;

namespace Akka.Mta.Delivery.Queueing;

/// <summary>
/// The cluster singleton that makes sure every queue with spooled mail has an owner: when it starts
/// (a full restart, or its own failover), when a member is removed (its queues' shards are then
/// allocated again on the survivors as soon as a message reaches them), and every
/// <see cref="DeliveryServices.SpoolSweepInterval"/>, it lists the distinct queue names of the
/// spool (an index scan, no message is read) and sends each a <see cref="WakeQueue"/>. A queue
/// that does not run starts and loads its own messages; a running one sweeps its rows, which is
/// what re-adopts a message whose hand-over between nodes was lost.
/// </summary>
public sealed partial class SpoolSweeper : ReceiveActor, IWithTimers
{
    /// <summary>After a member is removed: a moment for the coordinator to learn it before the queues are woken.</summary>
    private static readonly TimeSpan AfterRemoval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// And once more later: a wake sent while a region still took the removed node for a shard's home
    /// is lost with that node (seen in 1 of 3 abrupt-stop runs); by now every region has the new home.
    /// </summary>
    private static readonly TimeSpan AgainAfterRemoval = TimeSpan.FromSeconds(6);

    /// <summary>Queues are woken this many at a time, a pause apart: every woken queue claims and reads its rows at once.</summary>
    private const int WakeBatch = 200;
    private static readonly TimeSpan WakePause = TimeSpan.FromMilliseconds(100);

    private readonly DeliveryServices _services;
    private readonly ILogger _logger;
    private bool _sweeping;
    private bool _again;
    private bool _againAfterLoss;

    public SpoolSweeper(DeliveryServices services)
    {
        _services = services;
        _logger = services.LoggerFactory.CreateLogger<SpoolSweeper>();
        Receive<Sweep>(sweep => Start(sweep.AfterLoss));
        Receive<Swept>(OnSwept);
        Receive<ClusterEvent.MemberRemoved>(_ =>
        {
            Timers.StartSingleTimer("removed", Sweep.AfterALoss, AfterRemoval);
            Timers.StartSingleTimer("removed-again", Sweep.AfterALoss, AgainAfterRemoval);
        });
        Receive<ClusterEvent.CurrentClusterState>(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.MemberRemoved));
        // At its start too: a sweeper that moved moved because its node was lost.
        Self.Tell(Sweep.AfterALoss);
        if (_services.SpoolSweepInterval > TimeSpan.Zero)
        {
            Timers.StartPeriodicTimer("sweep", Sweep.Instance, _services.SpoolSweepInterval);
        }
    }

    protected override void PostStop() => Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

    private void Start(bool afterLoss)
    {
        if (_sweeping)
        {
            _again = true;
            _againAfterLoss |= afterLoss;
            return;
        }
        _sweeping = true;
        var self = Self;
        var queues = _services.Queues;
        var spool = _services.Spool;
        var time = _services.Time;
        _ = Task.Run(async () =>
        {
            var count = 0;
            try
            {
                await foreach (var queue in spool.EnumerateQueueNamesAsync().ConfigureAwait(false))
                {
                    queues.Tell(new ShardingEnvelope(queue, afterLoss ? new WakeQueue(AfterLoss: true) : WakeQueue.Instance));
                    if (++count % WakeBatch == 0)
                    {
                        await Task.Delay(WakePause, time).ConfigureAwait(false);
                    }
                }
                self.Tell(new Swept(count, null));
            }
            catch (Exception e)
            {
                self.Tell(new Swept(count, e.Message));
            }
        });
    }

    private void OnSwept(Swept swept)
    {
        _sweeping = false;
        if (swept.Error is not null)
        {
            LogSweepFailed(_logger, swept.Count, swept.Error);
        }
        else
        {
            LogSwept(_logger, swept.Count);
        }
        if (_again)
        {
            Self.Tell(_againAfterLoss ? Sweep.AfterALoss : Sweep.Instance);
            _again = false;
            _againAfterLoss = false;
        }
    }

    private sealed record Sweep(bool AfterLoss) : INoSerializationVerificationNeeded
    {
        public static readonly Sweep Instance = new(false);

        public static readonly Sweep AfterALoss = new(true);
    }

    private sealed record Swept(int Count, string? Error) : INoSerializationVerificationNeeded;

    [LoggerMessage(Level = LogLevel.Information, Message = "Spool sweep woke {Count} queues with spooled mail")]
    private static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Spool sweep failed after waking {Count} queues: {Reason}")]
    private static partial void LogSweepFailed(ILogger logger, int count, string reason);
}
