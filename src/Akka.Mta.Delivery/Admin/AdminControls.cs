using Akka.Mta.Delivery.Queueing;

namespace Akka.Mta.Delivery.Admin;

/// <summary>An egress path (ready queue) suspension: the path takes no mail until it expires or is lifted.</summary>
public sealed record PathSuspension(string Id, string Name, string Reason, DateTimeOffset Expires);

/// <summary>
/// Every admin control in force, as the admin-controls singleton persists it (bounce counts are not
/// kept). <see cref="SenderPauses"/> may be null in state saved before sender pauses were kept.
/// </summary>
public sealed record AdminControls(IReadOnlyList<QueueSuspension> Suspensions, IReadOnlyList<AdminBounce> Bounces, IReadOnlyList<PathSuspension> Paths,
    IReadOnlyList<SenderPause>? SenderPauses)
{
    public static readonly AdminControls None = new([], [], [], []);
}
