using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Akka.Mta.Dns.Protocol;
using Akka.Mta.Testing.Dns;
using static Akka.Mta.Testing.Dns.DnsTestPacket;

namespace Akka.Mta.Dns.Tests;

public sealed class MetricsTests
{
    [Fact]
    public async Task QueriesAndLookups_AreCountedByProtocolOutcomeAndSource()
    {
        var seen = new ConcurrentBag<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == DnsMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
            seen.Add(instrument.Name + ":" + string.Join(',', tags.ToArray().Select(t => $"{t.Key}={t.Value}"))));
        listener.Start();
        await using var server = ScriptedDnsServer.Start(q => q.OverTcp
            ? [Response(q, NoError, [DnsTestRecord.A(q.Name, "192.0.2.1")])]
            : [Response(q, NoError, truncated: true)]);
        using var resolver = new DnsResolver(DnsResolverOptions.ForServers(server.EndPoint));

        await resolver.LookupAsync("metrics.test", DnsRecordType.A).Within("first lookup");
        await resolver.LookupAsync("metrics.test", DnsRecordType.A).Within("cached lookup");

        Assert.Contains($"{DnsMetrics.Queries}:protocol=udp,outcome=truncated", seen);
        Assert.Contains($"{DnsMetrics.Queries}:protocol=tcp,outcome=ok", seen);
        Assert.Contains($"{DnsMetrics.Lookups}:source=query", seen);
        Assert.Contains($"{DnsMetrics.Lookups}:source=cache", seen);
    }
}
