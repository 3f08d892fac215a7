using System.CommandLine;
using System.Text.Json;
using Akka.Mta.Node.Commands;
using Akka.Mta.Testing.Dns;

namespace Akka.Mta.Node.Tests;

/// <summary><c>akka-mta dns mx|lookup</c> against unbound on loopback.</summary>
public sealed class DnsCommandTests : IAsyncLifetime
{
    private UnboundServer _unbound = null!;

    public async Task InitializeAsync() => _unbound = await UnboundServer.StartAsync(new DnsZone()
        .Zone("example.test")
        .Mx("example.test", 20, "mx2.example.test").Mx("example.test", 10, "mx1.example.test")
        .A("mx1.example.test", "192.0.2.1").A("mx2.example.test", "192.0.2.2").Aaaa("mx2.example.test", "2001:db8::2")
        .Mx("nullmx.example.test", 0, ".")
        .A("implicit.example.test", "192.0.2.3")
        .Txt("txt.example.test", "hello world")
        .Zone("refused.test", "refuse"));

    private async Task<(int Exit, JsonElement Json, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var root = new RootCommand { DnsCommand.Create() };
        var exit = await root.Parse([.. args, "--server", _unbound.EndPoint.ToString()])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error })
            .WaitAsync(TimeSpan.FromSeconds(60));
        var text = output.ToString();
        return (exit, text.Length > 0 ? JsonDocument.Parse(text).RootElement : default, error.ToString());
    }

    [Fact]
    public async Task Mx_PrintsHostsByPreference_WithAddressesAndSite()
    {
        var (exit, json, _) = await Run("dns", "mx", "example.test");

        Assert.Equal(0, exit);
        Assert.Equal("example.test", json.GetProperty("domain").GetString());
        var hosts = json.GetProperty("hosts").EnumerateArray().ToList();
        Assert.Equal(["mx1.example.test", "mx2.example.test"], hosts.Select(h => h.GetProperty("host").GetString()));
        Assert.Equal([10, 20], hosts.Select(h => h.GetProperty("preference").GetInt32()));
        Assert.Equal(["192.0.2.2", "2001:db8::2"], hosts[1].GetProperty("addresses").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("(mx1|mx2).example.test", json.GetProperty("site").GetString());
        Assert.False(json.GetProperty("implicit").GetBoolean());
        Assert.False(json.GetProperty("null_mx").GetBoolean());
    }

    [Fact]
    public async Task Mx_ShowsImplicitAndNullMx()
    {
        var (implicitExit, implicitJson, _) = await Run("dns", "mx", "implicit.example.test");
        var (nullExit, nullJson, _) = await Run("dns", "mx", "nullmx.example.test");

        Assert.Equal(0, implicitExit);
        Assert.True(implicitJson.GetProperty("implicit").GetBoolean());
        Assert.Equal(0, nullExit);
        Assert.True(nullJson.GetProperty("null_mx").GetBoolean());
        Assert.Equal("", nullJson.GetProperty("site").GetString());
        Assert.Empty(nullJson.GetProperty("hosts").EnumerateArray());
    }

    [Theory]
    [InlineData("missing.example.test", "nxdomain")]
    [InlineData("x.refused.test", "refused")]
    public async Task Mx_Failure_ExitsOne_WithTheKind(string domain, string kind)
    {
        var (exit, json, error) = await Run("dns", "mx", domain);

        Assert.Equal(1, exit);
        Assert.Equal(kind, json.GetProperty("error").GetString());
        Assert.StartsWith($"dns mx: {kind}:", error);
    }

    [Fact]
    public async Task Lookup_PrintsRecordsOfTheType()
    {
        var (exit, json, _) = await Run("dns", "lookup", "txt.example.test", "--type", "TXT");

        Assert.Equal(0, exit);
        Assert.Equal("ok", json.GetProperty("status").GetString());
        Assert.Equal("\"hello world\"", json.GetProperty("records")[0].GetProperty("data").GetString());
    }

    [Fact]
    public async Task Lookup_NoData_ExitsZero_NxDomain_ExitsOne()
    {
        var (noDataExit, noData, _) = await Run("dns", "lookup", "mx1.example.test", "--type", "aaaa");
        var (nxExit, nx, _) = await Run("dns", "lookup", "nope.example.test", "--type", "A");

        Assert.Equal(0, noDataExit);
        Assert.Equal("nodata", noData.GetProperty("status").GetString());
        Assert.Equal(1, nxExit);
        Assert.Equal("nxdomain", nx.GetProperty("error").GetString());
    }

    [Fact]
    public async Task BadServer_ExitsTwo_SayingWhy()
    {
        var error = new StringWriter();
        var root = new RootCommand { DnsCommand.Create() };

        var exit = await root.Parse(["dns", "mx", "example.test", "--server", "not-an-address"])
            .InvokeAsync(new InvocationConfiguration { Output = new StringWriter(), Error = error });

        Assert.Equal(2, exit);
        Assert.Contains("--server: \"not-an-address\"", error.ToString());
    }

    public async Task DisposeAsync() => await _unbound.DisposeAsync();
}
