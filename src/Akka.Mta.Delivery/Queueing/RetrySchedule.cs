using Akka.Mta.Core.Throttling;
using Akka.Mta.Shaping.Options;

namespace Akka.Mta.Delivery.Queueing;

/// <summary>What to do with a message whose delivery attempt failed transiently.</summary>
public abstract record RetryDecision
{
    /// <summary>Try again at <paramref name="Due"/>.</summary>
    public sealed record Retry(DateTimeOffset Due) : RetryDecision;

    /// <summary>The next attempt would come after the message's <c>max_age</c>: it expires now.</summary>
    public sealed record Expire(string Reason) : RetryDecision;
}

/// <summary>
/// KumoMTA's retry schedule (spec 3.7): after <c>n</c> attempts the next one is
/// <c>min(retry_interval × 2^(n-1), max_retry_interval)</c> later, with a jitter of
/// ±min(retry_interval/20, 60 s)/2; a message whose next attempt would fall after
/// <c>created + max_age</c> expires instead.
/// </summary>
public static class RetrySchedule
{
    /// <summary>The decision after a failed attempt; <paramref name="attempts"/> counts that attempt.</summary>
    public static RetryDecision AfterFailure(QueueConfig config, DateTimeOffset created, int attempts, DateTimeOffset now, Random random)
    {
        var delay = config.DelayForAttempt(Math.Max(attempts - 1, 0));
        if (delay >= config.MaxAge)
        {
            return new RetryDecision.Expire($"Next delivery time would be {HumanDuration.Format(delay)} from now, which exceeds max_age={HumanDuration.Format(config.MaxAge)}");
        }
        var due = now + delay + Jitter(config.RetryInterval, random);
        if (due - created > config.MaxAge)
        {
            return new RetryDecision.Expire(
                $"Next delivery time would be {HumanDuration.Format(due - created)} after creation, which exceeds max_age={HumanDuration.Format(config.MaxAge)}");
        }
        return new RetryDecision.Retry(due);
    }

    /// <summary>A requeue that does not count as an attempt (ready queue full, path suspended): up to a minute.</summary>
    public static DateTimeOffset Soon(DateTimeOffset now, Random random) =>
        now + TimeSpan.FromMilliseconds(random.NextDouble() * TimeSpan.FromSeconds(60).TotalMilliseconds);

    private static TimeSpan Jitter(TimeSpan retryInterval, Random random)
    {
        var width = TimeSpan.FromTicks(Math.Min(retryInterval.Ticks / 20, TimeSpan.TicksPerMinute));
        return TimeSpan.FromTicks((long)((random.NextDouble() - 0.5) * width.Ticks));
    }
}
