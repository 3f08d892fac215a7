using Akka.Mta.Actors;
using Akka.Mta.Delivery.Configuration;
using Akka.Mta.Delivery.Egress;
using Akka.Mta.Delivery.Outcomes;
using Akka.Mta.Delivery.Queueing;
using Akka.Mta.Delivery.Routing;
using Akka.Mta.Persistence.Spool;
using Microsoft.Extensions.Logging;

namespace Akka.Mta.Delivery;

/// <summary>
/// What the queue and path entities of one node share: configuration, routing, the spool, the
/// outcome writer, node-wide limits and the two shard regions. Everything here is thread-safe.
/// </summary>
public sealed class DeliveryServices
{
    public required IDeliveryConfig Config { get; init; }

    public required RouteResolver Routes { get; init; }

    public required ISpool Spool { get; init; }

    public required DeliveryOutcomes Outcomes { get; init; }

    /// <summary>Scheduled-queue suspensions (admin API, automation).</summary>
    public required QueueControls<QueueSuspension> Suspensions { get; init; }

    /// <summary>Admin bounces of scheduled queues.</summary>
    public required QueueControls<AdminBounce> Bounces { get; init; }

    /// <summary>Sender-domain pauses (automation's PauseSenderDomain); none unless set.</summary>
    public Admin.SenderPauses SenderPauses { get; init; } = new(TimeProvider.System);

    public required SharedLimits Limits { get; init; }

    public required TimeProvider Time { get; init; }

    public required ILoggerFactory LoggerFactory { get; init; }

    /// <summary>The EHLO name when neither the path config nor the source names one.</summary>
    public required string HostName { get; init; }

    public Random Random { get; init; } = Random.Shared;

    /// <summary>Where admin suspensions and bounces are kept across restarts (null: in memory only).</summary>
    public Admin.AdminControlStore? Controls { get; init; }

    /// <summary>The ScheduledQueue shard region (set once the regions are started).</summary>
    public IActorRef Queues { get; internal set; } = null!;

    /// <summary>The EgressPath shard region.</summary>
    public IActorRef Paths { get; internal set; } = null!;

    /// <summary>The egress paths scheduled queues have offered messages to, or the admin API has addressed.</summary>
    public KnownNames KnownPaths { get; } = new();

    /// <summary>The scheduled queues this node has put messages in since it started.</summary>
    public KnownNames KnownQueues { get; } = new();
}
