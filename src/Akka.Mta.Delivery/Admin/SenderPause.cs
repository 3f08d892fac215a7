namespace Akka.Mta.Delivery.Admin;

/// <summary>Mail from <see cref="SenderDomain"/> to <see cref="Site"/> waits until <see cref="Expires"/> (automation's <c>PauseSenderDomain</c>).</summary>
public sealed record SenderPause(string SenderDomain, string Site, string Reason, DateTimeOffset Expires)
{
    /// <summary>True when this pause replaces <paramref name="other"/>: one pause per (sender domain, site).</summary>
    public bool SameAs(SenderPause other) =>
        Site == other.Site && string.Equals(SenderDomain, other.SenderDomain, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The pause of <paramref name="pauses"/> (those of one site) in force at <paramref name="now"/> that
    /// holds mail from any of <paramref name="senderDomains"/>, or null.
    /// </summary>
    public static SenderPause? InForce(IReadOnlyList<SenderPause> pauses, DateTimeOffset now, params ReadOnlySpan<string?> senderDomains)
    {
        foreach (var domain in senderDomains)
        {
            if (domain is null)
            {
                continue;
            }
            foreach (var pause in pauses)
            {
                if (pause.Expires > now && string.Equals(pause.SenderDomain, domain, StringComparison.OrdinalIgnoreCase))
                {
                    return pause;
                }
            }
        }
        return null;
    }
}
