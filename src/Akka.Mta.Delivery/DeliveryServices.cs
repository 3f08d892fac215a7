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
    /// clock) is given; the node-wide state (outcomes, limits) is made here. <paramref name="nodeId"/>
    /// names the node in log records (<c>nodeid</c>); null: <paramref name="hostName"/>.
    /// </summary>
    public DeliveryServices(IDeliveryConfig config, RouteResolver routes, IPersistenceStore store, DeliveryLog log,
        string hostName, TimeProvider time, ILoggerFactory loggerFactory, string? nodeId = null)
    {
        Config = config;
        Routes = routes;
        Spool = store.Spool;
        HostName = hostName;
        Time = time;
        LoggerFactory = loggerFactory;
        Log = log;
        Outcomes = new DeliveryOutcomes(store.Spool, log, () => Queues, nodeId ?? hostName, time, loggerFactory.CreateLogger<DeliveryOutcomes>());
        Limits = new SharedLimits(time);
    }

    public IDeliveryConfig Config { get; }

    public RouteResolver Routes { get; }

    public ISpool Spool { get; }

    public DeliveryOutcomes Outcomes { get; }

    /// <summary>Where records are written; log hooks are attached to it when the runtime starts.</summary>
    internal DeliveryLog Log { get; }

    /// <summary>The log hooks' definitions and <c>should_enqueue_log_record</c> (the running policy); null: no log hooks.</summary>
    public Policy.IPolicyHost? LogHookPolicy { get; init; }

    /// <summary>Makes a hook's webhook transport (null: <see cref="Akka.Mta.LogHooks.Webhook.WebhookTransport"/>).</summary>
    public Func<string, Akka.Mta.LogHooks.Webhook.WebhookOptions, Akka.Mta.LogHooks.ILogHookTransport>? WebhookTransportFactory { get; init; }

    /// <summary>Makes a hook's AMQP transport (hook name, options); null: AMQP hooks' records wait, logged, until a node has one.</summary>
    public Func<string, Akka.Mta.LogHooks.Amqp.AmqpHookOptions, Akka.Mta.LogHooks.ILogHookTransport>? AmqpTransportFactory { get; init; }

    public SharedLimits Limits { get; }

    public TimeProvider Time { get; }

    public ILoggerFactory LoggerFactory { get; }

    /// <summary>The EHLO name when neither the path config nor the source names one.</summary>
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
