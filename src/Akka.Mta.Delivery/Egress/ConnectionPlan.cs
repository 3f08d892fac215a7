namespace Akka.Mta.Delivery.Egress;

/// <summary>How many connections an egress path wants open (spec 3.6).</summary>
public static class ConnectionPlan
{
    /// <summary>
    /// <c>ceil(limit × (1 − e^(−0.023 × queued)))</c>, never more than <paramref name="queued"/>
    /// nor <paramref name="limit"/>: one connection for a trickle, the full limit for a backlog of
    /// a few hundred.
    /// </summary>
    public static int Desired(long limit, int queued)
    {
        if (queued <= 0 || limit <= 0)
        {
            return 0;
        }
        var curve = (int)Math.Ceiling(limit * (1 - Math.Exp(-0.023 * queued)));
        return (int)Math.Min(Math.Min(curve, queued), limit);
    }
}
