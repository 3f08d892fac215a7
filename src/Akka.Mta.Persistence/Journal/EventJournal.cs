using Akka.Mta.Persistence.Writing;

namespace Akka.Mta.Persistence.Journal;

/// <summary>The journal over any provider: checks sequence numbers, queues writes for group commit.</summary>
internal sealed class EventJournal(GroupCommitWriter writer, IStoreReader reader) : IEventJournal
{
    public Task AppendAsync(string persistenceId, IReadOnlyList<JournalEvent> events, CancellationToken cancellationToken = default)
    {
        CheckId(persistenceId);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return Task.CompletedTask;
        }
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i] ?? throw new ArgumentException($"journal of \"{persistenceId}\": event {i} is null", nameof(events));
            ArgumentNullException.ThrowIfNull(e.Manifest);
            if (e.SequenceNr < 1 || (i > 0 && e.SequenceNr != events[i - 1].SequenceNr + 1))
            {
                throw new ArgumentException(
                    $"journal of \"{persistenceId}\": sequence numbers must start at 1 or above and be consecutive; event {i} has {e.SequenceNr}",
                    nameof(events));
            }
        }
        return writer.EnqueueAsync(new AppendEventsOp(persistenceId, events, cancellationToken));
    }

    public IAsyncEnumerable<JournalEvent> ReplayAsync(
        string persistenceId, long fromSequenceNr, long toSequenceNr = long.MaxValue, CancellationToken cancellationToken = default)
    {
        CheckId(persistenceId);
        return reader.ReplayAsync(persistenceId, fromSequenceNr, toSequenceNr, cancellationToken);
    }

    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken = default)
    {
        CheckId(persistenceId);
        return reader.ReadHighestSequenceNrAsync(persistenceId, cancellationToken);
    }

    public Task DeleteUpToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default)
    {
        CheckId(persistenceId);
        return writer.EnqueueAsync(new DeleteEventsOp(persistenceId, toSequenceNr, cancellationToken));
    }

    internal static void CheckId(string persistenceId)
    {
        if (string.IsNullOrEmpty(persistenceId))
        {
            throw new ArgumentException("the persistence id is empty", nameof(persistenceId));
        }
    }
}
