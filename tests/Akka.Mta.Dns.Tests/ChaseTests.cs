using Akka.Mta.Dns.Protocol;
using Akka.Mta.Testing.Dns;
using Microsoft.Extensions.Time.Testing;
using static Akka.Mta.Testing.Dns.DnsTestPacket;

namespace Akka.Mta.Dns.Tests;

/// <summary>CNAME following: limits, and answers that stop part-way along a chain.</summary>
public sealed class ChaseTests
{
    [Fact]
    public async Task LongChain_StopsAtTheHopLimit()
    {
        // step0 -> step1 -> step2 -> ... one CNAME per answer, never ending.
        await using var server = ScriptedDnsServer.Start(q =>
        {
            var next = "step" + (int.Parse(q.Name.Split('.')[0]["step".Length..]) + 1) + ".test";
            return [Response(q, NoError, [DnsTestRecord.Cname(q.Name, next)])];
        });
        using var resolver = new DnsResolver(DnsResolverOptions.ForServers(server.EndPoint) with { MaxCnameHops = 3 }, new FakeTimeProvider());

        var result = await resolver.LookupAsync("step0.test", DnsRecordType.A).Within("the chain to give up");

        Assert.Equal(DnsStatus.CnameLoop, result.Status);
        Assert.Contains("more than 3 CNAMEs", result.Detail);
        Assert.Equal(4, server.Queries.Count);
    }

    [Fact]
    public async Task CnameToNameWithoutThatType_IsNoDataForTheTarget()
    {
        await using var server = ScriptedDnsServer.Start(q => q.Name == "alias.test"
            ? [Response(q, NoError, [DnsTestRecord.Cname("alias.test", "target.test")])]
            : [Response(q, NoError, authorities: [DnsTestRecord.Soa("test", 30)])]);
        using var resolver = new DnsResolver(DnsResolverOptions.ForServers(server.EndPoint), new FakeTimeProvider());

        var result = await resolver.LookupAsync("alias.test", DnsRecordType.AAAA).Within("the lookup");

        Assert.Equal(DnsStatus.NoData, result.Status);
        Assert.Equal("target.test", result.CanonicalName);
        Assert.Equal(["alias.test", "target.test"], server.Queries.Select(q => q.Name));
    }

    [Fact]
    public async Task AskingForCname_ReturnsTheCnameItself()
    {
        await using var server = ScriptedDnsServer.Start(q => [Response(q, NoError, [DnsTestRecord.Cname(q.Name, "target.test")])]);
        using var resolver = new DnsResolver(DnsResolverOptions.ForServers(server.EndPoint), new FakeTimeProvider());

        var result = await resolver.LookupAsync("alias.test", DnsRecordType.CNAME).Within("the lookup");

        Assert.Equal(new NameData("target.test"), result.Records.Single().Data);
        Assert.Single(server.Queries);
    }

    [Fact]
    public async Task RecordsOwnedByOtherNames_AreNotTakenAsTheAnswer()
    {
        await using var server = ScriptedDnsServer.Start(q => [Response(q, NoError, [DnsTestRecord.A("elsewhere.test", "203.0.113.9")],
            [DnsTestRecord.Soa("test", 30)])]);
        using var resolver = new DnsResolver(DnsResolverOptions.ForServers(server.EndPoint), new FakeTimeProvider());

        var result = await resolver.LookupAsync("host.test", DnsRecordType.A).Within("the lookup");

        Assert.Equal(DnsStatus.NoData, result.Status);
        Assert.Empty(result.Records);
    }
}
