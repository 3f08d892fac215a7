using System.Collections.Concurrent;
using System.Collections.Immutable;
using Akka.Mta.Core.Queues;

namespace Akka.Mta.Delivery.Queueing;

/// <summary>
/// Which scheduled queues an admin action applies to (spec 3.8): absent criteria match any queue;
/// <see cref="QueueNames"/>, when given, must contain the queue's exact name.
/// </summary>
public sealed record QueueCriteria
{
    public static readonly QueueCriteria Any = new();

    public string? Campaign { get; init; }

    public string? Tenant { get; init; }

    public string? Domain { get; init; }

    public string? RoutingDomain { get; init; }

    public IReadOnlyList<string>? QueueNames { get; init; }

    public bool Matches(ScheduledQueueName queue) =>
        (Campaign is null || string.Equals(Campaign, queue.Campaign, StringComparison.Ordinal))
        && (Tenant is null || string.Equals(Tenant, queue.Tenant, StringComparison.Ordinal))
        && (Domain is null || string.Equals(Domain, queue.Domain, StringComparison.OrdinalIgnoreCase))
        && (RoutingDomain is null || string.Equals(RoutingDomain, queue.RoutingDomain, StringComparison.OrdinalIgnoreCase))
        && (QueueNames is null || QueueNames.Contains(queue.ToString(), StringComparer.Ordinal));

    public bool SameAs(QueueCriteria other) =>
        Campaign == other.Campaign && Tenant == other.Tenant
        && string.Equals(Domain, other.Domain, StringComparison.OrdinalIgnoreCase)
        && string.Equals(RoutingDomain, other.RoutingDomain, StringComparison.OrdinalIgnoreCase)
        && (QueueNames ?? []).SequenceEqual(other.QueueNames ?? [], StringComparer.Ordinal);
}

/// <summary>An admin action on scheduled queues that lasts until <see cref="Expires"/>.</summary>
public interface IQueueControl
{
    string Id { get; }

    QueueCriteria Criteria { get; }

    DateTimeOffset Expires { get; }
}

/// <summary>A scheduled-queue suspension: due messages wait (logged as transient failures).</summary>
public sealed record QueueSuspension(string Id, string Reason, DateTimeOffset Expires, QueueCriteria Criteria) : IQueueControl;

/// <summary>
/// An admin bounce: every message of a matching queue, queued now or arriving before
/// <see cref="Expires"/>, is removed with an <c>AdminBounce</c> record (unless <see cref="SuppressLogging"/>).
/// </summary>
public sealed record AdminBounce(string Id, string Reason, DateTimeOffset Expires, QueueCriteria Criteria, bool SuppressLogging) : IQueueControl
{
    /// <summary>Messages bounced so far, by scheduled queue name.</summary>
    public ConcurrentDictionary<string, long> Bounced { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// The active admin controls of one kind on this node, set by the admin API and by automation.
/// Queues consult it when they promote due messages; an entry with the same criteria as an
/// existing one replaces it. Thread-safe (copy on write); expired entries are dropped on read.
/// </summary>
public sealed class QueueControls<T>(TimeProvider time) where T : IQueueControl
{
    private ImmutableList<T> _entries = [];

    public IReadOnlyList<T> Active
    {
        get
        {
            var now = time.GetUtcNow();
            return _entries.Where(e => e.Expires > now).ToList();
        }
    }

    public T Add(T control)
    {
        ImmutableInterlocked.Update(ref _entries, list => list.RemoveAll(e => e.Criteria.SameAs(control.Criteria) || e.Expires <= time.GetUtcNow()).Add(control));
        return control;
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

    /// <summary>The control that applies to <paramref name="queue"/> now, or null.</summary>
    public T? Find(ScheduledQueueName queue)
    {
        var now = time.GetUtcNow();
        return _entries.FirstOrDefault(e => e.Expires > now && e.Criteria.Matches(queue));
    }
}
