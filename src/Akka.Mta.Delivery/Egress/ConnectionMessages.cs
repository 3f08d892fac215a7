using Akka.Actor;
using Akka.Mta.Delivery.Queueing;

namespace Akka.Mta.Delivery.Egress;

// Messages between an egress path and its connection actors (children, never cross-node: they say
// so with INoSerializationVerificationNeeded).

/// <summary>A message the path hands to an idle connection.</summary>
internal sealed record ReadyItem(QueuedMessage Message, string EgressPool) : INoSerializationVerificationNeeded;

/// <summary>One message to deliver; <paramref name="SenderPauses"/>: the pauses of the path's site in force when it was handed over.</summary>
internal sealed record Work(ReadyItem Item, IReadOnlyList<Admin.SenderPause> SenderPauses) : INoSerializationVerificationNeeded;

/// <summary>The path tells an idle connection to QUIT and stop.</summary>
internal sealed record Close : INoSerializationVerificationNeeded
{
    public static readonly Close Instance = new();
}

internal sealed record ConnectionUp(IActorRef Connection) : INoSerializationVerificationNeeded;

internal sealed record ConnectionFailed(IActorRef Connection, Core.Smtp.SmtpResponse Response) : INoSerializationVerificationNeeded;

/// <summary>
/// A connection finished its message; <paramref name="Closing"/>: it is stopping (limit reached or
/// connection lost); <paramref name="Outcome"/>: what the attempt counted as, null when none was made.
/// </summary>
internal sealed record WorkDone(IActorRef Connection, bool Closing, Shaping.Options.OverrideResult? Outcome = null) : INoSerializationVerificationNeeded;

internal sealed record IdleExpired(IActorRef Connection) : INoSerializationVerificationNeeded;
