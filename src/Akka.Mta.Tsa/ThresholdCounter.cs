using System.Collections.Immutable;

namespace Akka.Mta.Tsa;

/// <summary>
/// The recent matches of one threshold rule on one egress path: the event times (sorted, at most
/// <see cref="Limit"/> of them, the latest) and the window they are counted in. A match triggers
/// when, counting it, <see cref="Limit"/> matches fall in the window that ends at its time,
/// <c>(t - window, t]</c>: a match exactly one window earlier no longer counts.
/// </summary>
internal sealed record ThresholdCounter(TimeSpan Window, int Limit, ImmutableArray<DateTimeOffset> Events)
{
    public static ThresholdCounter For(TimeSpan window, long limit) =>
        new(window, (int)Math.Clamp(limit, 1, 100_000), []);

    /// <summary>The counter with one more match at <paramref name="time"/>; only the latest <see cref="Limit"/> are kept.</summary>
    public ThresholdCounter Add(DateTimeOffset time)
    {
        var index = Events.Length;
        while (index > 0 && Events[index - 1] > time)
        {
            index--;
        }
        var events = Events.Insert(index, time);
        if (events.Length > Limit)
        {
            events = events.RemoveAt(0);
        }
        return this with { Events = events };
    }

    /// <summary>How many kept matches fall in the window ending at <paramref name="time"/>.</summary>
    public int CountEndingAt(DateTimeOffset time)
    {
        var start = time - Window;
        var count = 0;
        foreach (var e in Events)
        {
            if (e > start && e <= time)
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>The counter without matches that can no longer count at <paramref name="now"/> (null when none is left).</summary>
    public ThresholdCounter? Prune(DateTimeOffset now)
    {
        var start = now - Window;
        var keep = 0;
        while (keep < Events.Length && Events[keep] <= start)
        {
            keep++;
        }
        return keep == 0 ? this : keep == Events.Length ? null : this with { Events = Events.RemoveRange(0, keep) };
    }
}
