namespace Akka.Mta.Core.Throttling;

/// <summary>
/// Generic cell rate algorithm for one throttle: events are spaced <see cref="ThrottleSpec.IntervalSeconds"/>
/// apart, and up to <c>burst</c> may arrive back to back. Pure state: the caller passes the time, keeps the
/// returned state, and when refused waits <see cref="Decision.RetryAfter"/>.
/// </summary>
/// <param name="TheoreticalArrival">The time at which the throttle is empty again.</param>
public readonly record struct Gcra(DateTimeOffset TheoreticalArrival)
{
    public readonly record struct Decision(bool Allowed, TimeSpan RetryAfter, Gcra Next);

    /// <summary>Asks for one event at <paramref name="now"/>.</summary>
    /// <param name="burst">How many events may pass back to back (1 = strictly even spacing).</param>
    public Decision TryAcquire(ThrottleSpec spec, long burst, DateTimeOffset now)
    {
        var interval = TimeSpan.FromTicks((long)Math.Ceiling(spec.PeriodSeconds * (double)TimeSpan.TicksPerSecond / spec.Limit));
        var tolerance = interval * (Math.Max(burst, 1) - 1);
        var tat = TheoreticalArrival < now ? now : TheoreticalArrival;
        var allowAt = tat - tolerance;
        if (now < allowAt)
        {
            return new Decision(false, allowAt - now, this);
        }
        return new Decision(true, TimeSpan.Zero, new Gcra(tat + interval));
    }
}
