using System.Net;
using System.Net.Http.Headers;
using Akka.Mta.Node.Hosting;

namespace Akka.Mta.Node.Tests;

public sealed class ApiAccessTests
{
    private static Task<ThrowawayNode> StartUntrustedAsync() => ThrowawayNode.StartAsync(configure: o => o with
    {
        HttpTrustedHosts = [IPNetwork.Parse("10.0.0.0/8")],
        HttpBearerTokens = ["first-token", "s3cret-token"],
    });

    [Fact]
    public async Task UntrustedClient_WithoutToken_Gets401WithBearerChallenge()
    {
        await using var node = await StartUntrustedAsync();

        var response = await node.Http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Single(body.TrimEnd('\n').Split('\n'));
        Assert.Contains("Bearer", body);
    }

    [Fact]
    public async Task UntrustedClient_WithConfiguredToken_Passes_AndAWrongTokenDoesNot()
    {
        await using var node = await StartUntrustedAsync();

        using var good = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "s3cret-token") } };
        Assert.Equal(HttpStatusCode.OK, (await node.Http.SendAsync(good)).StatusCode);

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "s3cret-tokem") } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await node.Http.SendAsync(wrong)).StatusCode);

        using var basic = new HttpRequestMessage(HttpMethod.Get, "/api/admin/suspend/v1") { Headers = { Authorization = new AuthenticationHeaderValue("Basic", "czNjcmV0LXRva2Vu") } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await node.Http.SendAsync(basic)).StatusCode);
    }

    [Fact]
    public async Task UntrustedClient_PassesWithCredentialsThePolicyAccepts_BasicOrBearer()
    {
        await using var node = await ThrowawayNode.StartAsync("""
            local mta = require 'mta'
            mta.on('http_server_validate_auth_basic', function(user, password) return user == 'ops' and password == 'pa:ss' end)
            mta.on('http_server_validate_auth_bearer', function(token) return token == 'lua-token' end)
            """, o => o with { HttpTrustedHosts = [IPNetwork.Parse("10.0.0.0/8")], HttpBearerTokens = ["configured-token"] });

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(node, "Basic", Convert.ToBase64String("ops:pa:ss"u8)));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(node, "Bearer", "lua-token"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(node, "Bearer", "configured-token"));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(node, "Basic", Convert.ToBase64String("ops:wrong"u8)));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(node, "Basic", "not base64!"));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(node, "Bearer", "other-token"));

        var refused = await node.Http.GetAsync("/metrics");
        Assert.Equal(["Bearer", "Basic"], refused.Headers.WwwAuthenticate.Select(h => h.Scheme));
    }

    [Fact]
    public async Task FailingPolicyHook_RefusesTheRequest_AndTheNodeKeepsServing()
    {
        await using var node = await ThrowawayNode.StartAsync("""
            local mta = require 'mta'
            mta.on('http_server_validate_auth_bearer', function(token) error('directory down') end)
            """, o => o with { HttpTrustedHosts = [IPNetwork.Parse("10.0.0.0/8")] });

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(node, "Bearer", "any"));
        Assert.Equal(HttpStatusCode.OK, (await node.Http.GetAsync("/api/check-liveness/v1")).StatusCode);
    }

    private static async Task<HttpStatusCode> StatusAsync(ThrowawayNode node, string scheme, string credentials)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/suspend/v1") { Headers = { Authorization = new AuthenticationHeaderValue(scheme, credentials) } };
        return (await node.Http.SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task Liveness_IsOpen_WithoutToken()
    {
        await using var node = await StartUntrustedAsync();

        var response = await node.Http.GetAsync("/api/check-liveness/v1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("OK", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task LoopbackClient_IsTrusted_ByDefault()
    {
        await using var node = await ThrowawayNode.StartAsync();

        Assert.Equal(HttpStatusCode.OK, (await node.Http.GetAsync("/api/admin/suspend/v1")).StatusCode);
    }

    [Fact]
    public void Ipv4MappedAddress_MatchesIpv4Network()
    {
        var access = new ApiAccess([IPNetwork.Parse("127.0.0.1/32")], []);

        Assert.True(access.IsTrusted(IPAddress.Parse("::ffff:127.0.0.1")));
        Assert.False(access.IsTrusted(IPAddress.Parse("::ffff:127.0.0.2")));
        Assert.False(access.IsTrusted(null));
    }

    [Fact]
    public void NoTokensConfigured_NoBearerPasses()
    {
        var access = new ApiAccess([], []);

        Assert.False(access.HasValidToken("Bearer "));
        Assert.False(access.HasValidToken("Bearer anything"));
    }
}
