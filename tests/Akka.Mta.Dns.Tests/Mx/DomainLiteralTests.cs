using System.Net;
using Akka.Mta.Dns.Mx;
using Akka.Mta.Testing.Dns;

namespace Akka.Mta.Dns.Tests.Mx;

/// <summary>Domain literals bypass DNS: checked by a server that records every query it gets.</summary>
public sealed class DomainLiteralTests : IAsyncLifetime
{
    private ScriptedDnsServer _server = null!;
    private MxResolver _mx = null!;

    public Task InitializeAsync()
    {
        _server = ScriptedDnsServer.Start(_ => []);
        _mx = new MxResolver(new DnsResolver(DnsResolverOptions.ForServers(_server.EndPoint)));
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("[192.0.2.1]", "192.0.2.1")]
    [InlineData("[IPv6:2001:db8::1]", "2001:db8::1")]
    [InlineData("[ipv6:2001:DB8::2]", "2001:db8::2")]
    [InlineData("[2001:db8::3]", "2001:db8::3")]
    public async Task Literal_IsTheOnlyHost_AndTheSite(string literal, string address)
    {
        var mx = await _mx.ResolveMxAsync(literal).Within("literal resolution");

        Assert.True(mx.IsDomainLiteral);
        Assert.Equal(address, mx.Site);
        Assert.Equal([IPAddress.Parse(address)], mx.Hosts.Single().Addresses);
        Assert.Empty(_server.Queries);
    }

    [Theory]
    [InlineData("[192.0.2.1")]
    [InlineData("[192.0.2]")]
    [InlineData("[IPv6:192.0.2.1]")]
    [InlineData("[mx.example.test]")]
    public async Task MalformedLiteral_FailsAsInvalidName(string literal)
    {
        var mx = await _mx.ResolveMxAsync(literal).Within("literal resolution");

        Assert.Equal(MxOutcome.Failed, mx.Outcome);
        Assert.Equal(DnsStatus.InvalidName, mx.FailureStatus);
        Assert.Contains(literal, mx.Detail);
        Assert.Empty(_server.Queries);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();
}
