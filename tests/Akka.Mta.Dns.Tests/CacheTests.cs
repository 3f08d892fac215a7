using Akka.Mta.Dns.Protocol;
using Akka.Mta.Testing.Dns;
using Microsoft.Extensions.Time.Testing;
using static Akka.Mta.Testing.Dns.DnsTestPacket;

namespace Akka.Mta.Dns.Tests;

/// <summary>TTLs, negative caching (RFC 2308), the size bound and coalescing, counted at a scripted server.</summary>
public sealed class CacheTests
{
    private readonly FakeTimeProvider _time = new();

    private DnsResolver Resolver(ScriptedDnsServer server, int cacheSize = 1000) =>
        new(DnsResolverOptions.ForServers(server.EndPoint) with { CacheSize = cacheSize, FailureTtl = TimeSpan.FromSeconds(10) }, _time);

    [Fact]
    public async Task PositiveAnswer_IsCachedUntilItsTtlRunsOut()
    {
        await using var server = ScriptedDnsServer.Start(q => [Response(q, NoError, [DnsTestRecord.A(q.Name, "192.0.2.1", ttl: 60)])]);
        using var resolver = Resolver(server);

        await resolver.LookupAsync("host.test", DnsRecordType.A).Within("first lookup");
        _time.Advance(TimeSpan.FromSeconds(59));
        var cached = await resolver.LookupAsync("HOST.test.", DnsRecordType.A).Within("cached lookup");
        Assert.Single(server.Queries);
        _time.Advance(TimeSpan.FromSeconds(2));
        await resolver.LookupAsync("host.test", DnsRecordType.A).Within("lookup after expiry");

        Assert.Equal(DnsStatus.Ok, cached.Status);
        Assert.Equal(2, server.Queries.Count);
    }

    [Fact]
    public async Task CnameChain_IsCachedForItsSmallestTtl()
    {
        await using var server = ScriptedDnsServer.Start(q => [Response(q, NoError, [
            DnsTestRecord.Cname(q.Name, "target.test", ttl: 10),
            DnsTestRecord.A("target.test", "192.0.2.2", ttl: 300),
        ])]);
        using var resolver = Resolver(server);

        var result = await resolver.LookupAsync("alias.test", DnsRecordType.A).Within("lookup");

        Assert.Equal("target.test", result.CanonicalName);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(10), result.Expires);
        Assert.Single(server.Queries); // the chain came whole in one answer
    }

    [Fact]
    public async Task NxDomain_IsCachedForTheSoaMinimum()
    {
        await using var server = ScriptedDnsServer.Start(q => [Response(q, NxDomain, authorities: [DnsTestRecord.Soa("test", minimum: 30, ttl: 300)])]);
        using var resolver = Resolver(server);

        var first = await resolver.LookupAsync("gone.test", DnsRecordType.MX).Within("first lookup");
        _time.Advance(TimeSpan.FromSeconds(29));
        await resolver.LookupAsync("gone.test", DnsRecordType.MX).Within("cached lookup");
        Assert.Single(server.Queries);
        _time.Advance(TimeSpan.FromSeconds(2));
        await resolver.LookupAsync("gone.test", DnsRecordType.MX).Within("lookup after expiry");

        Assert.Equal(DnsStatus.NxDomain, first.Status);
        Assert.True(first.Status.IsPermanent());
        Assert.Equal(2, server.Queries.Count);
    }

    [Fact]
    public async Task NegativeTtl_IsTheSoaRecordTtl_WhenBelowTheMinimum()
    {
        await using var server = ScriptedDnsServer.Start(q => [Response(q, NoError, authorities: [DnsTestRecord.Soa("test", minimum: 3600, ttl: 5)])]);
        using var resolver = Resolver(server);

        var result = await resolver.LookupAsync("host.test", DnsRecordType.AAAA).Within("lookup");

        Assert.Equal(DnsStatus.NoData, result.Status);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(5), result.Expires);
    }

    [Fact]
    public async Task NegativeAnswerWithoutSoa_IsNotCached()
    {
        await using var server = ScriptedDnsServer.Start(q => [Response(q, NoError)]);
        using var resolver = Resolver(server);

        await resolver.LookupAsync("host.test", DnsRecordType.AAAA).Within("first lookup");
        var second = await resolver.LookupAsync("host.test", DnsRecordType.AAAA).Within("second lookup");

        Assert.Equal(DnsStatus.NoData, second.Status);
        Assert.Equal(2, server.Queries.Count);
    }

    [Fact]
    public async Task ServerFailure_IsRememberedForTheFailureTtl()
    {
        await using var server = ScriptedDnsServer.Start(q => [Response(q, ServFail)]);
        using var resolver = Resolver(server);

        await resolver.LookupAsync("host.test", DnsRecordType.A).Within("first lookup");
        var cached = await resolver.LookupAsync("host.test", DnsRecordType.A).Within("cached lookup");
        var attempts = server.Queries.Count;
        _time.Advance(TimeSpan.FromSeconds(11));
        await resolver.LookupAsync("host.test", DnsRecordType.A).Within("lookup after the failure TTL");

        Assert.Equal(DnsStatus.ServFail, cached.Status);
        Assert.Equal(attempts * 2, server.Queries.Count);
    }

    [Fact]
    public async Task FullCache_DropsTheLeastRecentlyUsedAnswer()
    {
        await using var server = ScriptedDnsServer.Start(q => [Response(q, NoError, [DnsTestRecord.A(q.Name, "192.0.2.3")])]);
        using var resolver = Resolver(server, cacheSize: 2);

        foreach (var name in new[] { "a.test", "b.test", "a.test", "c.test", "b.test", "a.test" })
        {
            await resolver.LookupAsync(name, DnsRecordType.A).Within("lookup of " + name);
        }

        // a (miss), b (miss), a (hit), c (miss, drops b), b (miss, drops a), a (miss)
        Assert.Equal(["a.test", "b.test", "c.test", "b.test", "a.test"], server.Queries.Select(q => q.Name));
        Assert.Equal(2, resolver.CachedCount);
    }

    [Fact]
    public async Task ConcurrentIdenticalLookups_SendOneQuery()
    {
        var release = new TaskCompletionSource();
        await using var server = ScriptedDnsServer.Start(async q =>
        {
            await release.Task;
            return (IReadOnlyList<byte[]>)[Response(q, NoError, [DnsTestRecord.A(q.Name, "192.0.2.4")])];
        });
        using var resolver = Resolver(server);

        var lookups = Enumerable.Range(0, 20).Select(_ => resolver.LookupAsync("host.test", DnsRecordType.A).AsTask()).ToList();
        await server.WaitForQueriesAsync(1);
        release.SetResult();
        var results = await Task.WhenAll(lookups).Within("all 20 lookups");

        Assert.Single(server.Queries);
        Assert.All(results, r => Assert.Equal("192.0.2.4", r.Records.Single().Data.ToString()));
    }

    [Fact]
    public async Task CallerGivingUp_DoesNotCancelTheLookupForOthers()
    {
        var release = new TaskCompletionSource();
        await using var server = ScriptedDnsServer.Start(async q =>
        {
            await release.Task;
            return (IReadOnlyList<byte[]>)[Response(q, NoError, [DnsTestRecord.A(q.Name, "192.0.2.5")])];
        });
        using var resolver = Resolver(server);
        using var impatient = new CancellationTokenSource();

        var cancelled = resolver.LookupAsync("host.test", DnsRecordType.A, impatient.Token).AsTask();
        var patient = resolver.LookupAsync("host.test", DnsRecordType.A).AsTask();
        await server.WaitForQueriesAsync(1);
        impatient.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        release.SetResult();
        var result = await patient.Within("the patient caller's answer");

        Assert.Equal(DnsStatus.Ok, result.Status);
    }

    [Fact]
    public async Task InvalidName_FailsWithoutAQuery()
    {
        await using var server = ScriptedDnsServer.Start(_ => []);
        using var resolver = Resolver(server);

        var result = await resolver.LookupAsync("bad..name", DnsRecordType.A).Within("lookup");

        Assert.Equal(DnsStatus.InvalidName, result.Status);
        Assert.Contains("empty label", result.Detail);
        Assert.Empty(server.Queries);
    }
}
