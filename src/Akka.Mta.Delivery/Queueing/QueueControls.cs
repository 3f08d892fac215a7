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
public sealed record AdminBounce(string Id, string Reason, DateTimeOffset Expires, QueueCriteria Criteria, bool SuppressLogging) : IQueueControl;

public static class QueueControlExtensions
{
    /// <summary>The first control of <paramref name="controls"/> in force at <paramref name="now"/> that applies to <paramref name="queue"/>, or null.</summary>
    public static T? InForce<T>(this IReadOnlyList<T> controls, ScheduledQueueName queue, DateTimeOffset now) where T : class, IQueueControl
    {
        foreach (var control in controls)
        {
            if (control.Expires > now && control.Criteria.Matches(queue))
            {
                return control;
            }
        }
        return null;
    }
}
