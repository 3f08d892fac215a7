using System.Diagnostics.Metrics;

namespace Akka.Mta.Dns;

/// <summary>The resolver's meter and instrument names.</summary>
public static class DnsMetrics
{
    public const string MeterName = "Akka.Mta.Dns";

    /// <summary>Lookups by where the answer came from: tag <c>source</c> = <c>cache</c>, <c>query</c> or <c>coalesced</c>.</summary>
    public const string Lookups = "akka_mta.dns.lookups";

    /// <summary>Queries sent to a server: tags <c>protocol</c> (<c>udp</c>, <c>tcp</c>) and <c>outcome</c> (<c>ok</c>, <c>nxdomain</c>, <c>servfail</c>, <c>timeout</c>, ...).</summary>
    public const string Queries = "akka_mta.dns.queries";

    internal static readonly Meter Meter = new(MeterName);

    internal static readonly Counter<long> LookupCounter = Meter.CreateCounter<long>(Lookups, description: "DNS lookups by answer source");

    internal static readonly Counter<long> QueryCounter = Meter.CreateCounter<long>(Queries, description: "DNS queries sent, by protocol and outcome");

    internal static void CountLookup(string source) => LookupCounter.Add(1, new KeyValuePair<string, object?>("source", source));

    internal static void CountQuery(string protocol, string outcome) =>
        QueryCounter.Add(1, new KeyValuePair<string, object?>("protocol", protocol), new KeyValuePair<string, object?>("outcome", outcome));
}
