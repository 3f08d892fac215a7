using System.Text.Json.Serialization;
using Akka.Mta.Delivery.Queueing;

namespace Akka.Mta.Delivery.Admin;

// The protocol of the admin-controls singleton (AdminControlsActor). Entities watch the controls
// that apply to them; the admin API and the TSA change them. Every message is a serializable
// record: in a cluster they cross nodes.

/// <summary>
/// A scheduled queue announces itself (at start, then every minute): answered at once, and after
/// every change that concerns it, with <see cref="QueueControlsInForce"/>.
/// </summary>
public sealed record WatchQueueControls(string Queue);

/// <summary>The suspensions and bounces that apply to one scheduled queue.</summary>
public sealed record QueueControlsInForce(IReadOnlyList<QueueSuspension> Suspensions, IReadOnlyList<AdminBounce> Bounces);

/// <summary>An egress path announces itself, like <see cref="WatchQueueControls"/>; answered with <see cref="PathControlsInForce"/>.</summary>
public sealed record WatchPathControls(string Path);

/// <summary>
/// What applies to one egress path: its suspension (null: none), every bounce in force (its ready
/// messages are matched by their queue) and the sender pauses of its site.
/// </summary>
public sealed record PathControlsInForce(PathSuspension? Suspension, IReadOnlyList<AdminBounce> Bounces, IReadOnlyList<SenderPause> SenderPauses);

/// <summary>An entity bounced <paramref name="Count"/> messages of <paramref name="Queue"/> for the bounce <paramref name="BounceId"/>.</summary>
public sealed record BouncesCounted(string BounceId, string Queue, long Count);

/// <summary>Which kind of control a <see cref="RemoveControl"/> names.</summary>
public enum ControlKind
{
    QueueSuspension,
    Bounce,
    PathSuspension,
}

/// <summary>Adds a control (a new one with the same criteria, path or sender and site replaces the old); answered with <see cref="ControlChanged"/> once saved.</summary>
public sealed record AddQueueSuspension(QueueSuspension Suspension);

public sealed record AddBounce(AdminBounce Bounce);

public sealed record AddPathSuspension(PathSuspension Suspension);

public sealed record AddSenderPause(SenderPause Pause);

/// <summary>Lifts a control by id; answered with <see cref="ControlChanged"/> (<c>Found</c> false: there was none).</summary>
public sealed record RemoveControl(ControlKind Kind, string Id);

public sealed record ControlChanged(bool Found);

/// <summary>Rebinds the messages of every running queue that matches; answered with <see cref="RebindStarted"/>.</summary>
public sealed record RebindQueues(QueueCriteria Criteria, string DataJson, string Reason, bool AlwaysFlush, bool SuppressLogging);

public sealed record RebindStarted(int Queues);

/// <summary>Asks for the controls in force (answered with <see cref="AdminControlsView"/>).</summary>
public sealed record GetAdminControls;

/// <param name="Bounced">Messages bounced so far by each bounce id, by scheduled queue name.</param>
public sealed record AdminControlsView(AdminControls Controls, IReadOnlyDictionary<string, Dictionary<string, long>> Bounced);

/// <summary>Asks for the scheduled queues and egress paths that run now (answered with <see cref="RunningEntities"/>).</summary>
public sealed record GetRunningEntities;

public sealed record RunningEntities(IReadOnlyList<string> Queues, IReadOnlyList<string> Paths);

[JsonSerializable(typeof(WatchQueueControls))]
[JsonSerializable(typeof(QueueControlsInForce))]
[JsonSerializable(typeof(WatchPathControls))]
[JsonSerializable(typeof(PathControlsInForce))]
[JsonSerializable(typeof(BouncesCounted))]
[JsonSerializable(typeof(AddQueueSuspension))]
[JsonSerializable(typeof(AddBounce))]
[JsonSerializable(typeof(AddPathSuspension))]
[JsonSerializable(typeof(AddSenderPause))]
[JsonSerializable(typeof(RemoveControl))]
[JsonSerializable(typeof(ControlChanged))]
[JsonSerializable(typeof(RebindQueues))]
[JsonSerializable(typeof(RebindStarted))]
[JsonSerializable(typeof(GetAdminControls))]
[JsonSerializable(typeof(AdminControlsView))]
[JsonSerializable(typeof(GetRunningEntities))]
[JsonSerializable(typeof(RunningEntities))]
internal sealed partial class AdminMessagesJsonContext : JsonSerializerContext;
