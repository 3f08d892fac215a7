using System.Net;
using Akka.Mta.Dns.Mx;
using Akka.Mta.Dns.Tests.Unbound;
using Microsoft.Extensions.Time.Testing;

namespace Akka.Mta.Dns.Tests.Mx;

/// <summary>MX resolution for delivery, against unbound serving <see cref="UnboundFixture.Zone"/>.</summary>
public sealed class MxResolverTests(UnboundFixture unbound) : IClassFixture<UnboundFixture>, IDisposable
{
    private readonly DnsResolver _dns = new(DnsResolverOptions.ForServers(unbound.Server.EndPoint), new FakeTimeProvider());

    private Task<MxResolution> Resolve(string domain, bool ipv6 = true) =>
        new MxResolver(_dns, new FakeTimeProvider(), ipv6).ResolveMxAsync(domain).Within($"MX resolution of {domain}");

    [Fact]
    public async Task Hosts_AreGroupedByPreference_SortedWithin_WithTheirAddresses()
    {
        var mx = await Resolve("example.test");

        Assert.Equal(MxOutcome.Hosts, mx.Outcome);
        Assert.False(mx.IsImplicit);
        Assert.Equal([(ushort)10, (ushort)20], mx.Preferences.Select(p => p.Preference));
        Assert.Equal(["mx1.example.test", "mx2.example.test"], mx.Preferences[0].Hosts.Select(h => h.Name));
        Assert.Equal([IPAddress.Parse("192.0.2.11"), IPAddress.Parse("2001:db8::11")], mx.Preferences[0].Hosts[0].Addresses);
        // backup.example.test is a CNAME to mx2: followed for its address.
        Assert.Equal([IPAddress.Parse("192.0.2.12")], mx.Preferences[1].Hosts.Single().Addresses);
        Assert.Equal("(mx1|mx2|backup).example.test", mx.Site);
    }

    [Fact]
    public async Task Ipv6_CanBeLeftOut()
    {
        var mx = await Resolve("example.test", ipv6: false);

        Assert.Equal([IPAddress.Parse("192.0.2.11")], mx.Preferences[0].Hosts[0].Addresses);
    }

    [Fact]
    public async Task SiteName_FactorsSharedLabels()
    {
        var mx = await Resolve("yahoo.test");

        Assert.Equal("(mta5|mta6|mta7).am0.yahoodns.test", mx.Site);
        Assert.Equal(["mta5.am0.yahoodns.test", "mta6.am0.yahoodns.test", "mta7.am0.yahoodns.test"], mx.Hosts.Select(h => h.Name));
    }

    [Fact]
    public async Task DomainWithoutMx_IsItsOwnImplicitMx()
    {
        var mx = await Resolve("implicit.example.test");

        Assert.True(mx.IsImplicit);
        var host = Assert.Single(mx.Hosts);
        Assert.Equal("implicit.example.test", host.Name);
        Assert.Equal([IPAddress.Parse("192.0.2.20")], host.Addresses);
        Assert.Equal("implicit.example.test", mx.Site);
    }

    [Fact]
    public async Task NullMx_IsAPermanentResult_WithAnEmptySite()
    {
        var mx = await Resolve("nullmx.example.test");

        Assert.Equal(MxOutcome.NullMx, mx.Outcome);
        Assert.True(mx.IsPermanentFailure);
        Assert.Empty(mx.Hosts);
        Assert.Equal("", mx.Site);
        Assert.Contains("null MX", mx.Detail);
    }

    [Fact]
    public async Task MissingDomain_FailsPermanently_AsNxDomain()
    {
        var mx = await Resolve("no-such-domain.example.test");

        Assert.Equal(MxOutcome.Failed, mx.Outcome);
        Assert.Equal(DnsStatus.NxDomain, mx.FailureStatus);
        Assert.True(mx.IsPermanentFailure);
    }

    [Fact]
    public async Task RefusedLookup_FailsTransiently()
    {
        var mx = await Resolve("x.refused.test");

        Assert.Equal(DnsStatus.Refused, mx.FailureStatus);
        Assert.False(mx.IsPermanentFailure);
    }

    [Fact]
    public async Task HostWithoutAddress_IsListed_WithWhyItHasNone()
    {
        var mx = await Resolve("lost.example.test");

        var host = Assert.Single(mx.Hosts);
        Assert.Empty(host.Addresses);
        Assert.Equal(DnsStatus.NxDomain, host.AddressStatus);
    }

    [Fact]
    public async Task InternationalDomain_IsQueriedInIdnaForm()
    {
        var mx = await Resolve("Bücher.example.test");

        Assert.Equal("xn--bcher-kva.example.test", mx.Domain);
        Assert.Equal("mx1.example.test", mx.Hosts.Single().Name);
    }

    [Fact]
    public async Task InvalidName_FailsPermanently_WithoutAQuery()
    {
        var mx = await Resolve("exa mple.test");

        Assert.Equal(DnsStatus.InvalidName, mx.FailureStatus);
        Assert.True(mx.IsPermanentFailure);
    }

    public void Dispose() => _dns.Dispose();
}
