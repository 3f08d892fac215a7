using System.Collections.Concurrent;
using Akka.Mta.Core.Logging;
using Akka.Mta.Core.Queues;

namespace Akka.Mta.Node.Hosting.Metrics;

/// <summary>
/// KumoMTA's message counters, fed with every log record: received per listener, and delivered,
/// transiently failed and permanently failed per egress path (<c>service</c> =
/// <c>smtp_client:source-&gt;site@smtp_client</c>), per provider and per provider, source and pool
/// when the path has a provider name. Only records made by an egress path count on the delivery
/// side (a queue's own transient failures, expirations and admin bounces have no path). Thread-safe:
/// one writer (the subscriber actor), any number of readers.
/// </summary>
public sealed class MessageCounters
{
    private static readonly (string Name, string Help)[] Outcomes =
    [
        ("total_messages_delivered", "total number of messages delivered"),
        ("total_messages_transfail", "total number of message delivery attempts that transiently failed"),
        ("total_messages_fail", "total number of message delivery attempts that permanently failed"),
    ];

    private readonly ConcurrentDictionary<CounterKey, Counter> _counters = new();

    public void Observe(LogRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Type == LogRecordType.Reception)
        {
            Increment(new CounterKey("total_messages_received", Listener(record.ReceptionProtocol)));
            return;
        }
        var outcome = record.Type switch
        {
            LogRecordType.Delivery => Outcomes[0].Name,
            LogRecordType.TransientFailure => Outcomes[1].Name,
            LogRecordType.Bounce => Outcomes[2].Name,
            _ => null,
        };
        if (outcome is null || !IsPath(record.Site, out var protocol))
        {
            return;
        }
        Increment(new CounterKey(outcome, $"{protocol}:{record.Site}"));
        if (record.ProviderName is { Length: > 0 } provider)
        {
            Increment(new CounterKey(outcome + "_by_provider", provider));
            Increment(new CounterKey(outcome + "_by_provider_and_source", provider, record.EgressSource ?? "", record.EgressPool ?? ""));
        }
    }

    /// <summary>Every counter family (also those without samples yet), samples sorted by labels.</summary>
    public IReadOnlyList<MetricFamily> Snapshot()
    {
        var values = _counters.ToDictionary(kv => kv.Key, kv => Interlocked.Read(ref kv.Value.Value));
        var families = new List<MetricFamily>
        {
            Family("total_messages_received", "total number of messages received, per listener", values, "service"),
        };
        foreach (var (name, help) in Outcomes)
        {
            families.Add(Family(name, help + ", per egress path", values, "service"));
            families.Add(Family(name + "_by_provider", help + ", per provider", values, "provider"));
            families.Add(Family(name + "_by_provider_and_source", help + ", per provider, egress source and pool", values, "provider", "source", "pool"));
        }
        return families;
    }

    private static MetricFamily Family(string name, string help, Dictionary<CounterKey, long> values, params string[] labels) =>
        new(name, MetricType.Counter, help, values
            .Where(kv => kv.Key.Name == name)
            .OrderBy(kv => kv.Key.First, StringComparer.Ordinal)
            .ThenBy(kv => kv.Key.Second, StringComparer.Ordinal)
            .ThenBy(kv => kv.Key.Third, StringComparer.Ordinal)
            .Select(kv => new MetricSample(Labels(labels, kv.Key), kv.Value))
            .ToList());

    private static List<KeyValuePair<string, string>> Labels(string[] names, CounterKey key)
    {
        string[] values = [key.First, key.Second ?? "", key.Third ?? ""];
        return names.Select((name, i) => KeyValuePair.Create(name, values[i])).ToList();
    }

    /// <summary><c>ESMTP</c> → <c>esmtp_listener</c>, <c>HTTP</c> → <c>http_listener</c>.</summary>
    private static string Listener(string? protocol) =>
        (string.IsNullOrEmpty(protocol) ? "unknown" : protocol.ToLowerInvariant()) + "_listener";

    private static bool IsPath(string site, out string protocol)
    {
        protocol = "";
        if (!site.Contains("->", StringComparison.Ordinal))
        {
            return false;
        }
        try
        {
            protocol = EgressPathId.Parse(site).Protocol;
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private void Increment(CounterKey key) => Interlocked.Increment(ref _counters.GetOrAdd(key, _ => new Counter()).Value);

    private readonly record struct CounterKey(string Name, string First, string? Second = null, string? Third = null);

    private sealed class Counter
    {
        public long Value;
    }
}
