using System.Net;
using Akka.Mta.Dns.Protocol;
using Microsoft.Extensions.Time.Testing;

namespace Akka.Mta.Dns.Tests.Unbound;

/// <summary>The resolver against a real DNS server (unbound) on loopback.</summary>
public sealed class UnboundResolverTests(UnboundFixture unbound) : IClassFixture<UnboundFixture>, IDisposable
{
    // Fake time: no timeout fires on a slow machine; the test's own deadline catches a hang.
    private readonly DnsResolver _resolver = new(DnsResolverOptions.ForServers(unbound.Server.EndPoint), new FakeTimeProvider());

    private Task<DnsLookupResult> Lookup(string name, DnsRecordType type) => _resolver.LookupAsync(name, type).Within($"{name} {type} from unbound");

    [Fact]
    public async Task A_And_Aaaa_ReturnTheAddresses()
    {
        var a = await Lookup("mx1.example.test", DnsRecordType.A);
        var aaaa = await Lookup("mx1.example.test", DnsRecordType.AAAA);

        Assert.Equal(IPAddress.Parse("192.0.2.11"), ((AddressData)a.Records.Single().Data).Address);
        Assert.Equal(IPAddress.Parse("2001:db8::11"), ((AddressData)aaaa.Records.Single().Data).Address);
    }

    [Fact]
    public async Task Mx_ReturnsEveryRecord()
    {
        var result = await Lookup("example.test", DnsRecordType.MX);

        Assert.Equal(["10 mx1.example.test.", "10 mx2.example.test.", "20 backup.example.test."],
            result.Records.Select(r => r.Data.ToString()!.ToLowerInvariant()).Order());
    }

    [Fact]
    public async Task Txt_And_Ptr_AreDecoded()
    {
        var txt = await Lookup("txt.example.test", DnsRecordType.TXT);
        var ptr = await _resolver.LookupPtrAsync(IPAddress.Parse("192.0.2.11")).Within("PTR");

        Assert.Equal("v=spf1 -all", ((TxtData)txt.Records.Single().Data).Text);
        Assert.Equal("11.2.0.192.in-addr.arpa", ptr.Name);
        Assert.Equal("mx1.example.test", ((NameData)ptr.Records.Single().Data).Target);
    }

    [Fact]
    public async Task CnameChain_IsFollowedToTheAddress()
    {
        // unbound answers a local CNAME without chasing it: the resolver asks for each target.
        var result = await Lookup("chain1.example.test", DnsRecordType.A);

        Assert.Equal(DnsStatus.Ok, result.Status);
        Assert.Equal("chain3.example.test", result.CanonicalName);
        Assert.Equal("192.0.2.30", result.Records.Single().Data.ToString());
    }

    [Fact]
    public async Task CnameLoop_FailsAsLoop_NamingTheChain()
    {
        var result = await Lookup("loop1.example.test", DnsRecordType.A);

        Assert.Equal(DnsStatus.CnameLoop, result.Status);
        Assert.Contains("loop1.example.test -> loop2.example.test -> loop1.example.test", result.Detail);
    }

    [Fact]
    public async Task CnameToMissingName_IsNxDomainForTheTarget()
    {
        var result = await Lookup("dangling.example.test", DnsRecordType.A);

        Assert.Equal(DnsStatus.NxDomain, result.Status);
        Assert.Equal("missing.example.test", result.CanonicalName);
    }

    [Fact]
    public async Task MissingName_IsNxDomain_CachedForTheSoaMinimum()
    {
        var result = await Lookup("nothing-here.example.test", DnsRecordType.MX);

        Assert.Equal(DnsStatus.NxDomain, result.Status);
        Assert.Contains("does not exist", result.Detail);
        Assert.Equal(TimeSpan.FromSeconds(60), result.Expires - new FakeTimeProvider().GetUtcNow());
    }

    [Fact]
    public async Task NameWithoutThatType_IsNoData_NotNxDomain()
    {
        var result = await Lookup("nodata.example.test", DnsRecordType.A);

        Assert.Equal(DnsStatus.NoData, result.Status);
        Assert.Empty(result.Records);
    }

    [Fact]
    public async Task RefusedZone_IsRefused_NotNxDomain()
    {
        var result = await Lookup("x.refused.test", DnsRecordType.A);

        Assert.Equal(DnsStatus.Refused, result.Status);
        Assert.False(result.Status.IsPermanent());
    }

    [Fact]
    public async Task LargeAnswer_OverSmallUdpBuffer_ComesWholeOverTcp()
    {
        using var resolver = new DnsResolver(DnsResolverOptions.ForServers(unbound.Server.EndPoint) with { UdpPayloadSize = 512 },
            new FakeTimeProvider());

        var result = await resolver.LookupAsync("big.example.test", DnsRecordType.A).Within("100 A records");

        // 100 A records take about 1.6 KB: more than fits in 512 bytes of UDP.
        Assert.Equal(100, result.Records.Count);
    }

    [Fact]
    public async Task TcpOnly_Works()
    {
        using var resolver = new DnsResolver(DnsResolverOptions.ForServers(unbound.Server.EndPoint) with { UseTcp = true },
            new FakeTimeProvider());

        var result = await resolver.LookupAsync("mx2.example.test", DnsRecordType.A).Within("A over TCP");

        Assert.Equal("192.0.2.12", result.Records.Single().Data.ToString());
    }

    [Fact]
    public async Task Names_AreCaseInsensitive_AndMayEndWithADot()
    {
        var result = await Lookup("MX2.Example.TEST.", DnsRecordType.A);

        Assert.Equal("mx2.example.test", result.Name);
        Assert.Equal("192.0.2.12", result.Records.Single().Data.ToString());
    }

    public void Dispose() => _resolver.Dispose();
}
