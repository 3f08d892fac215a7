namespace Akka.Mta.Persistence.Journal;

/// <summary>
/// One serialized event: its sequence number, the time it was persisted (kept to the millisecond),
/// the manifest naming its type, and the payload bytes. Equality compares the payload by reference.
/// </summary>
public sealed record JournalEvent(long SequenceNr, DateTimeOffset Timestamp, string Manifest, ReadOnlyMemory<byte> Payload);
