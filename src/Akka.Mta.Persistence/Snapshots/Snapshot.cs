namespace Akka.Mta.Persistence.Snapshots;

/// <summary>
/// A serialized state as of event <paramref name="SequenceNr"/>, the time it was taken (kept to the
/// millisecond), the manifest naming its type and the payload bytes. Equality compares the payload by reference.
/// </summary>
public sealed record Snapshot(long SequenceNr, DateTimeOffset Timestamp, string Manifest, ReadOnlyMemory<byte> Payload);
