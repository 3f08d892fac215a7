using System.Collections.Immutable;

namespace Akka.Mta.Delivery.Admin;

/// <summary>Mail from <see cref="SenderDomain"/> to <see cref="Site"/> waits until <see cref="Expires"/>.</summary>
public sealed record SenderPause(string SenderDomain, string Site, string Reason, DateTimeOffset Expires);

/// <summary>
/// The sender-domain pauses in force (automation's <c>PauseSenderDomain</c>): a connection checks the
/// message's envelope sender and From: domain against them before sending, across all egress sources.
/// One pause per (sender domain, site): a new one replaces it. Thread-safe (copy on write).
/// </summary>
public sealed class SenderPauses(TimeProvider time)
{
    private ImmutableList<SenderPause> _entries = [];

    public IReadOnlyList<SenderPause> Active
    {
        get
        {
            var now = time.GetUtcNow();
            return _entries.Where(e => e.Expires > now).ToList();
        }
    }

    /// <summary>True while no pause was ever set or all were replaced away: the per-message check can stop here.</summary>
    public bool IsEmpty => _entries.IsEmpty;

    public void Add(SenderPause pause) =>
        ImmutableInterlocked.Update(ref _entries, list => list
            .RemoveAll(e => e.Expires <= time.GetUtcNow() || (e.SenderDomain == pause.SenderDomain && e.Site == pause.Site))
            .Add(pause));

    /// <summary>The pause that holds mail from any of <paramref name="senderDomains"/> to <paramref name="site"/>, or null.</summary>
    public SenderPause? Find(string site, params ReadOnlySpan<string?> senderDomains)
    {
        var entries = _entries;
        if (entries.IsEmpty)
        {
            return null;
        }
        var now = time.GetUtcNow();
        foreach (var domain in senderDomains)
        {
            if (domain is null)
            {
                continue;
            }
            foreach (var entry in entries)
            {
                if (entry.Expires > now && entry.Site == site && string.Equals(entry.SenderDomain, domain, StringComparison.OrdinalIgnoreCase))
                {
                    return entry;
                }
            }
        }
        return null;
    }
}
