namespace Akka.Mta.Persistence.Journal;

/// <summary>
/// An append-only event log per persistence id, with optimistic sequence numbers: the writer numbers
/// its events, and an append whose first number is not above everything already stored for that id is
/// rejected whole with <see cref="JournalConflictException"/>. Appends are durable when they complete
/// and are group-committed with every other write of the store.
/// </summary>
public interface IEventJournal
{
    /// <summary>
    /// Appends events atomically: all of them or none. Sequence numbers must be consecutive and
    /// ascending; the first must be above the highest stored (including deleted) number.
    /// </summary>
    Task AppendAsync(string persistenceId, IReadOnlyList<JournalEvent> events, CancellationToken cancellationToken = default);

    /// <summary>Streams the events from <paramref name="fromSequenceNr"/> to <paramref name="toSequenceNr"/> inclusive, ascending.</summary>
    IAsyncEnumerable<JournalEvent> ReplayAsync(
        string persistenceId, long fromSequenceNr, long toSequenceNr = long.MaxValue, CancellationToken cancellationToken = default);

    /// <summary>The highest sequence number ever appended for the id (kept after deletion), 0 when none.</summary>
    Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken = default);

    /// <summary>Deletes the events up to <paramref name="toSequenceNr"/> inclusive; the highest number is remembered.</summary>
    Task DeleteUpToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default);
}
