using System.Collections.Immutable;
using Akka.Mta.Core.Queues;

namespace Akka.Mta.Delivery.Queueing;

/// <summary>
/// One scheduled-queue suspension (spec 3.8): absent criteria match any queue; <see cref="QueueNames"/>,
/// when given, must contain the queue's exact name.
/// </summary>
public sealed record QueueSuspension(string Id, string Reason, DateTimeOffset Expires)
{
    public string? Campaign { get; init; }

    public string? Tenant { get; init; }

    public string? Domain { get; init; }

    public IReadOnlyList<string>? QueueNames { get; init; }

    public bool Matches(ScheduledQueueName queue) =>
        (Campaign is null || string.Equals(Campaign, queue.Campaign, StringComparison.Ordinal))
        && (Tenant is null || string.Equals(Tenant, queue.Tenant, StringComparison.Ordinal))
        && (Domain is null || string.Equals(Domain, queue.Domain, StringComparison.OrdinalIgnoreCase))
        && (QueueNames is null || QueueNames.Contains(queue.ToString(), StringComparer.Ordinal));

    internal bool SameCriteria(QueueSuspension other) =>
        Campaign == other.Campaign && Tenant == other.Tenant
        && string.Equals(Domain, other.Domain, StringComparison.OrdinalIgnoreCase)
        && (QueueNames ?? []).SequenceEqual(other.QueueNames ?? [], StringComparer.Ordinal);
}

/// <summary>
/// The active scheduled-queue suspensions of this node, set by the admin API and by automation.
/// Queues consult it when they promote due messages; an entry with the same criteria as an
/// existing one replaces it. Thread-safe (copy on write); expired entries are dropped on read.
/// </summary>
public sealed class QueueSuspensions(TimeProvider time)
{
    private ImmutableList<QueueSuspension> _entries = [];

    public IReadOnlyList<QueueSuspension> Active
    {
        get
        {
            var now = time.GetUtcNow();
            return _entries.Where(e => e.Expires > now).ToList();
        }
    }

    public QueueSuspension Add(QueueSuspension suspension)
    {
        ImmutableInterlocked.Update(ref _entries, list => list.RemoveAll(e => e.SameCriteria(suspension) || e.Expires <= time.GetUtcNow()).Add(suspension));
        return suspension;
    }

    public bool Remove(string id)
    {
        var removed = false;
        ImmutableInterlocked.Update(ref _entries, list =>
        {
            var next = list.RemoveAll(e => e.Id == id);
            removed = next.Count != list.Count;
            return next;
        });
        return removed;
    }

    /// <summary>The suspension that holds <paramref name="queue"/> now, or null.</summary>
    public QueueSuspension? Find(ScheduledQueueName queue)
    {
        var now = time.GetUtcNow();
        return _entries.FirstOrDefault(e => e.Expires > now && e.Matches(queue));
    }
}
