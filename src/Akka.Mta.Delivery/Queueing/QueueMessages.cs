using System.Text.Json.Serialization;

namespace Akka.Mta.Delivery.Queueing;

/// <summary>New or recovered messages for a scheduled queue (the entity id is the queue name).</summary>
public sealed record EnqueueMessages(IReadOnlyList<QueuedMessage> Messages);

/// <summary>
/// What the shard sends a scheduled queue to stop it, when it passivates itself (reaped when empty)
/// and when its shard moves to another node (hand-off). Mail that reached the queue after it asked to
/// be reaped is sent back through the region, which holds it until the queue has stopped and then
/// starts the queue again with it: no message is dropped with the old incarnation.
/// </summary>
public sealed record StopQueue
{
    public static readonly StopQueue Instance = new();
}

/// <summary>
/// Wakes a scheduled queue: a queue that does not run starts, claims its queue and loads its own
/// messages from the spool; a running one sweeps the spool for messages it does not hold (an
/// enqueue that was lost between nodes) and forgets those that are gone. Sent by the spool
/// sweeper (<see cref="SpoolSweeper"/>) for every queue with spooled mail, at start and periodically.
/// </summary>
/// <param name="AfterLoss">
/// Sent because a member was removed (or the sweeper itself restarted after one was): the queue also
/// offers again, to the same paths, every message it offered and has not got back, as a path that
/// ran on the lost node lost them. Paths drop offers of ids they still hold.
/// </param>
public sealed record WakeQueue(bool AfterLoss = false)
{
    public static readonly WakeQueue Instance = new();
}

/// <summary>
/// An offered message is done with (delivered or bounced: its spool entry is deleted, or gone): the
/// queue forgets it. Lost, the queue's next sweep finds the message gone from the spool.
/// </summary>
public sealed record MessageFinished(string Id);

/// <summary>
/// A connection found that <paramref name="Message"/>'s epoch no longer owns its queue: a newer
/// incarnation claimed it. The message was not attempted. The incarnation of that epoch retires;
/// a newer one takes the message back like a returned one.
/// </summary>
public sealed record OwnershipLost(QueuedMessage Message);

/// <summary>
/// What the shard sends an egress path when its shard moves to another node (hand-off): the path gives its
/// ready messages back to their queues, lets the messages in its connections finish, then stops.
/// </summary>
public sealed record StopPath
{
    public static readonly StopPath Instance = new();
}

/// <summary>
/// A message back from an egress path after a transient failure (<paramref name="CountsAsAttempt"/>:
/// its <see cref="QueuedMessage.Attempts"/> already counts the failed attempt, and the retry
/// schedule applies) or without an attempt (due at <paramref name="NotBefore"/>, or within a minute).
/// </summary>
public sealed record RequeueMessage(QueuedMessage Message, bool CountsAsAttempt, DateTimeOffset? NotBefore = null);

/// <summary>An egress path that refused messages for want of room has room again.</summary>
public sealed record PathHasRoom(string Path);

/// <summary>
/// Messages an egress path did not take: its ready queue is full (<paramref name="Until"/> null:
/// hold them until <see cref="PathHasRoom"/>), or it is suspended until <paramref name="Until"/>.
/// </summary>
public sealed record ReturnedFromPath(string Path, IReadOnlyList<QueuedMessage> Messages, string Reason, DateTimeOffset? Until);

/// <summary>Rebind: merge <paramref name="DataJson"/> (an object of strings) into every message's metadata and move those whose queue changes.</summary>
public sealed record RebindMessages(string DataJson, string Reason, bool AlwaysFlush, bool SuppressLogging);

/// <summary>Asks a scheduled queue for its state (answered with <see cref="ScheduledQueueState"/>).</summary>
public sealed record GetScheduledQueueState;

public sealed record ScheduledQueueState(string Queue, int Scheduled, int Due, int Parked, DateTimeOffset? NextDue)
{
    /// <summary>Messages the queue's <c>max_message_rate</c> held back since it started (KumoMTA's <c>delayed_due_to_message_rate_throttle</c>).</summary>
    public long DelayedByRate { get; init; }

    /// <summary>Messages a full ready queue handed back since it started (<c>delayed_due_to_ready_queue_full</c>).</summary>
    public long DelayedByReadyFull { get; init; }

    /// <summary>Messages offered to paths and neither back nor finished yet.</summary>
    public int Offered { get; init; }

    /// <summary>The owner epoch this incarnation claimed in the spool (0: not claimed yet).</summary>
    public long Epoch { get; init; }
}

/// <summary>Asks a scheduled queue for what inspect-sched-q shows, with at most <paramref name="Limit"/> messages (null: all).</summary>
public sealed record GetScheduledQueueDetail(int? Limit);

/// <summary>
/// One scheduled queue in detail: its state, its config as the admin API shows it (null before it
/// has one), a sample of its messages (those due first, then those held for a path), and when a
/// message last entered or left it.
/// </summary>
public sealed record ScheduledQueueDetail(ScheduledQueueState State, string? QueueConfigJson, IReadOnlyList<QueuedMessage> Messages, DateTimeOffset LastChanged);

/// <summary>How the path of a queue's messages is reached: the routing domain and the explicit MX list (with any fixed addresses), if any.</summary>
public sealed record DeliveryRoute(string Domain, string RoutingDomain, IReadOnlyList<Shaping.Options.MxListEntry>? MxList);

/// <summary>Due messages a scheduled queue hands to an egress path (the entity id is the path name).</summary>
public sealed record OfferMessages(string Queue, DeliveryRoute Route, string EgressPool, IReadOnlyList<QueuedMessage> Messages);

/// <summary>
/// Automation's AdjustConfig for one path: lower <paramref name="Option"/> by <paramref name="ReducePercent"/>
/// (not below <paramref name="Floor"/>), then raise it by <paramref name="StepPercent"/> of its configured
/// value after each <paramref name="StepAfter"/> without a new adjustment.
/// </summary>
public sealed record AdjustEgressPathOption(string Option, int ReducePercent, long Floor, TimeSpan StepAfter, int StepPercent, string Reason);

/// <summary>Asks an egress path for its state (answered with <see cref="EgressPathState"/>).</summary>
public sealed record GetEgressPathState;

public sealed record EgressPathState(string Path, int Ready, int Connections, int Busy, int ConsecutiveConnectionFailures, string? SuspendedReason, DateTimeOffset? SuspendedUntil)
{
    /// <summary>How many options an active override sets (0: none).</summary>
    public int Overrides { get; init; }

    /// <summary>The connection limit in force (null before the path has a config).</summary>
    public long? ConnectionLimit { get; init; }

    /// <summary>Until when the throttle program holds the path to its backoff limits (null: not backing off).</summary>
    public DateTimeOffset? BackoffUntil { get; init; }

    /// <summary>The <c>provider_name</c> of the path's config (null: none, or no config yet).</summary>
    public string? ProviderName { get; init; }

    /// <summary>Messages offered that did not fit in the ready queue since the path started (KumoMTA's <c>ready_full</c>).</summary>
    public long ReadyFull { get; init; }
}

/// <summary>Asks an egress path for what inspect-ready-q shows (answered with <see cref="EgressPathDetail"/>).</summary>
public sealed record GetEgressPathDetail;

/// <summary>
/// One egress path in detail: its state and the id of the admin suspension it obeys; the pool of the latest offer; the config in force and the
/// ceilings it implies (JSON objects as the admin API shows them, null before the path has a
/// config); the resolved targets; one entry per connection; the scheduled queues that offered it
/// mail (those quiet for over an hour may be forgotten); and since when it has wanted more connections than its limits allow,
/// or been held back by <c>max_connection_rate</c>.
/// </summary>
public sealed record EgressPathDetail(
    EgressPathState State,
    string? SuspensionId,
    string? EgressPool,
    string? PathConfigJson,
    string? ConstraintsJson,
    IReadOnlyList<string> Targets,
    IReadOnlyList<ConnectionView> Connections,
    IReadOnlyList<string> OfferingQueues,
    PathCondition? ConnectionLimited,
    PathCondition? ConnectionRateThrottled);

/// <param name="Phase"><c>connecting</c>, <c>idle</c> or <c>delivering</c>.</param>
public sealed record ConnectionView(string Phase, DateTimeOffset StartedAt, int Attempted);

public sealed record PathCondition(string Context, DateTimeOffset Since);

/// <summary>
/// Overrides path options until <paramref name="Expires"/> (automation's SetConfig): a JSON object of
/// egress path options, checked like a shaping file's. An empty object or a past expiry removes the override.
/// </summary>
public sealed record SetEgressPathOverrides(string OptionsJson, string Reason, DateTimeOffset Expires);

[JsonSerializable(typeof(EnqueueMessages))]
[JsonSerializable(typeof(StopQueue))]
[JsonSerializable(typeof(WakeQueue))]
[JsonSerializable(typeof(MessageFinished))]
[JsonSerializable(typeof(OwnershipLost))]
[JsonSerializable(typeof(StopPath))]
[JsonSerializable(typeof(RequeueMessage))]
[JsonSerializable(typeof(PathHasRoom))]
[JsonSerializable(typeof(ReturnedFromPath))]
[JsonSerializable(typeof(GetScheduledQueueState))]
[JsonSerializable(typeof(RebindMessages))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(ScheduledQueueState))]
[JsonSerializable(typeof(GetScheduledQueueDetail))]
[JsonSerializable(typeof(ScheduledQueueDetail))]
[JsonSerializable(typeof(OfferMessages))]
[JsonSerializable(typeof(GetEgressPathState))]
[JsonSerializable(typeof(EgressPathState))]
[JsonSerializable(typeof(GetEgressPathDetail))]
[JsonSerializable(typeof(EgressPathDetail))]
[JsonSerializable(typeof(SetEgressPathOverrides))]
[JsonSerializable(typeof(AdjustEgressPathOption))]
[JsonSerializable(typeof(Automation.GetTsaStatus))]
[JsonSerializable(typeof(Automation.TsaStatus))]
internal sealed partial class DeliveryMessagesJsonContext : JsonSerializerContext;
