using Akka.Actor;
using Akka.Mta.Delivery.Configuration;
using Akka.Mta.Delivery.Egress;
using Akka.Mta.Delivery.Outcomes;
using Akka.Mta.Delivery.Queueing;
using Akka.Mta.Delivery.Logging;
using Akka.Mta.Delivery.Routing;
using Akka.Mta.Persistence;
using Akka.Mta.Persistence.Spool;
using Microsoft.Extensions.Logging;

namespace Akka.Mta.Delivery;

/// <summary>
/// What the queue and path entities of one node share: configuration, routing, the spool, the
/// outcome writer, node-wide limits, the two shard regions and the admin-controls singleton. Everything here is thread-safe.
/// </summary>
public sealed class DeliveryServices
{
    /// <summary>
    /// The services of one node: what varies (configuration, routing, the store, the log, names,
    /// clock) is given; the node-wide state (outcomes, limits) is made here.
    /// </summary>
    public DeliveryServices(IDeliveryConfig config, RouteResolver routes, IPersistenceStore store, DeliveryLog log,
        string hostName, TimeProvider time, ILoggerFactory loggerFactory)
    {
        Config = config;
        Routes = routes;
        Spool = store.Spool;
        HostName = hostName;
        Time = time;
        LoggerFactory = loggerFactory;
        Outcomes = new DeliveryOutcomes(store.Spool, log, () => Queues, hostName, time, loggerFactory.CreateLogger<DeliveryOutcomes>());
        Limits = new SharedLimits(time);
    }

    public IDeliveryConfig Config { get; }

    public RouteResolver Routes { get; }

    public ISpool Spool { get; }

    public DeliveryOutcomes Outcomes { get; }

    public SharedLimits Limits { get; }

    public TimeProvider Time { get; }

    public ILoggerFactory LoggerFactory { get; }

    /// <summary>The EHLO name when neither the path config nor the source names one; also the node id in records.</summary>
    public string HostName { get; }

    public Random Random { get; init; } = Random.Shared;

    /// <summary>
    /// How often the spool sweeper wakes every queue with spooled mail (each then re-reads its own
    /// rows); zero: only at its start and when a member is removed.
    /// </summary>
    public TimeSpan SpoolSweepInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Whether this node may run the spool sweeper singleton (false: only mail that arrives, or a
    /// queue asked for by name, starts a queue here; tests use it to see that nothing is read at start).
    /// </summary>
    public bool RunSpoolSweeper { get; init; } = true;

    /// <summary>The admin-controls singleton (its proxy), set once the runtime starts it.</summary>
    public IActorRef AdminControls { get; internal set; } = null!;

    /// <summary>The ScheduledQueue shard region (set once the regions are started).</summary>
    public IActorRef Queues { get; internal set; } = null!;

    /// <summary>The EgressPath shard region.</summary>
    public IActorRef Paths { get; internal set; } = null!;
}
