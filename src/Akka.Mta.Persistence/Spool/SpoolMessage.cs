using Akka.Mta.Core;

namespace Akka.Mta.Persistence.Spool;

/// <summary>The SMTP envelope: reverse path (empty for the null sender) and forward paths.</summary>
public sealed record SpoolEnvelope(string Sender, IReadOnlyList<string> Recipients);

/// <summary>
/// Where and when a message is next due: its scheduled queue name, due time (kept to the
/// millisecond) and the number of delivery attempts made so far.
/// </summary>
public sealed record SpoolSchedule(string Queue, DateTimeOffset Due, int Attempts);

/// <summary>
/// One spooled message. <paramref name="MetadataJson"/> is any JSON value the MTA keeps beside the
/// message (KumoMTA's meta); <paramref name="Body"/> is the RFC 5322 message as received.
/// Equality of two instances compares the body by reference: compare bodies with SequenceEqual.
/// </summary>
public sealed record SpoolMessage(
    SpoolId Id,
    SpoolEnvelope Envelope,
    SpoolSchedule Schedule,
    string MetadataJson,
    ReadOnlyMemory<byte> Body);

/// <summary>A spooled message as enumeration returns it: everything but the body, and the body's size.</summary>
public sealed record SpoolEntry(
    SpoolId Id,
    SpoolEnvelope Envelope,
    SpoolSchedule Schedule,
    string MetadataJson,
    long BodyLength);

/// <summary>
/// The owner incarnation a fenced spool operation speaks for: the queue and the epoch its
/// <see cref="ISpool.ClaimQueueAsync"/> returned. Once a newer incarnation claims the queue, an
/// operation under an older fence is refused.
/// </summary>
public sealed record SpoolFence(string Queue, long Epoch);

/// <summary>
/// What <see cref="ISpool.LoadOwnedAsync"/> found: the message (null: gone), and whether the fence
/// still holds (false: another incarnation claimed the queue, or the message left it).
/// </summary>
public sealed record OwnedLoad(SpoolMessage? Message, bool Owned);
