using Akka.Mta.Dns.Mx;
using Akka.Mta.Testing.Dns;
using Microsoft.Extensions.Time.Testing;
using static Akka.Mta.Testing.Dns.DnsTestPacket;

namespace Akka.Mta.Dns.Tests.Mx;

public sealed class MxCacheTests
{
    [Fact]
    public async Task Resolution_IsKeptUntilItsEarliestRecordExpires()
    {
        await using var server = ScriptedDnsServer.Start(q => q.Type switch
        {
            15 => [Response(q, NoError, [DnsTestRecord.Mx(q.Name, 10, "mx.cached.test", ttl: 300)])],
            1 => [Response(q, NoError, [DnsTestRecord.A(q.Name, "192.0.2.1", ttl: 20)])],
            _ => [Response(q, NoError, authorities: [DnsTestRecord.Soa("cached.test", minimum: 60)])],
        });
        var time = new FakeTimeProvider();
        using var dns = new DnsResolver(DnsResolverOptions.ForServers(server.EndPoint), time);
        var mx = new MxResolver(dns, time);

        var first = await mx.ResolveMxAsync("cached.test").Within("first resolution");
        time.Advance(TimeSpan.FromSeconds(19));
        var second = await mx.ResolveMxAsync("cached.test").Within("cached resolution");
        Assert.Same(first, second);
        Assert.Equal(3, server.Queries.Count); // MX, A, AAAA
        time.Advance(TimeSpan.FromSeconds(2));
        var third = await mx.ResolveMxAsync("cached.test").Within("resolution after the A record expired");

        Assert.NotSame(first, third);
        Assert.Equal(["MX", "A", "AAAA", "A"], server.Queries.Select(q => q.Type switch { 15 => "MX", 1 => "A", _ => "AAAA" }));
        Assert.Equal(first.Site, third.Site);
    }

    [Fact]
    public async Task Stats_CountCacheHitsAndMisses_AndWhetherUncachedResolutionsAnswered()
    {
        await using var server = ScriptedDnsServer.Start(q => q.Name.StartsWith("broken.", StringComparison.Ordinal)
            ? [Response(q, ServFail)]
            : q.Type switch
            {
                15 => [Response(q, NoError, [DnsTestRecord.Mx(q.Name, 10, "mx.counted.test", ttl: 300)])],
                1 => [Response(q, NoError, [DnsTestRecord.A(q.Name, "192.0.2.1", ttl: 300)])],
                _ => [Response(q, NoError, authorities: [DnsTestRecord.Soa("counted.test", minimum: 60)])],
            });
        var time = new FakeTimeProvider();
        using var dns = new DnsResolver(DnsResolverOptions.ForServers(server.EndPoint), time);
        var mx = new MxResolver(dns, time);

        await mx.ResolveMxAsync("counted.test").Within("first resolution");
        await mx.ResolveMxAsync("counted.test").Within("cached resolution");
        var broken = await mx.ResolveMxAsync("broken.test").Within("failing resolution");

        Assert.Equal(MxOutcome.Failed, broken.Outcome);
        Assert.Equal((1L, 2L, 1L, 1L, 0L), (mx.Stats.CacheHits, mx.Stats.CacheMisses, mx.Stats.Ok, mx.Stats.Failed, mx.Stats.InProgress));
    }
}
