using System.Text.Json;
using Akka.Mta.Testing.Dns;

namespace Akka.Mta.Shaping.Tests;

/// <summary>The shaping verbs resolving MX hosts through a real DNS server (unbound on loopback, --dns-server).</summary>
public sealed class CliDnsTests : IAsyncLifetime
{
    private UnboundServer _unbound = null!;
    private readonly string _directory = Directory.CreateTempSubdirectory("akka-mta-shaping-dns-").FullName;

    public async Task InitializeAsync() => _unbound = await UnboundServer.StartAsync(new DnsZone()
        .Zone("shaping.test")
        .Mx("mail.shaping.test", 10, "mx1.relay.test").Mx("mail.shaping.test", 20, "mx2.relay.test")
        .Mx("alias.shaping.test", 10, "mx1.relay.test").Mx("alias.shaping.test", 20, "mx2.relay.test")
        .Mx("null.shaping.test", 0, ".")
        .Mx("hosted.shaping.test", 10, "in1.bigmail.test")
        .Zone("relay.test")
        .A("mx1.relay.test", "192.0.2.1").A("mx2.relay.test", "192.0.2.2")
        .Zone("bigmail.test")
        .A("in1.bigmail.test", "192.0.2.3"));

    public async Task DisposeAsync()
    {
        await _unbound.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private string Shaping()
    {
        var path = Path.Combine(_directory, "shaping.toml");
        File.WriteAllText(path, """
            ["default"]
            connection_limit = 10

            ["mail.shaping.test"]
            connection_limit = 3

            ["null.shaping.test"]
            connection_limit = 1

            [provider."bigmail"]
            match = [{MXSuffix = ".bigmail.test"}]
            max_deliveries_per_connection = 7
            """);
        return path;
    }

    [Fact]
    public async Task Explain_ResolvesRollupSitesAndTheDomainsMx_ThroughTheGivenServer()
    {
        var file = Shaping();

        var (exit, output, error) = await CliTests.Run("shaping", "explain", "--dns-server", _unbound.EndPoint.ToString(),
            "--domain", "alias.shaping.test", "--source", "ip-1", file);

        Assert.True(exit == 0, error);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal("(mx1|mx2).relay.test", json.GetProperty("site").GetString());
        Assert.Equal(3, json.GetProperty("config").GetProperty("connection_limit").GetInt32());
        Assert.Equal($"{file}:5", json.GetProperty("provenance").GetProperty("connection_limit").GetString());
        Assert.Contains($"{file}:7:1: warning: \"null.shaping.test\": null.shaping.test has a null MX", error);
    }

    [Fact]
    public async Task Explain_MatchesMxProviders_ThroughTheGivenServer()
    {
        var (exit, output, error) = await CliTests.Run("shaping", "explain", "--dns-server", _unbound.EndPoint.ToString(),
            "--domain", "hosted.shaping.test", "--source", "ip-1", Shaping());

        Assert.True(exit == 0, error);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(["bigmail"], json.GetProperty("providers").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(7, json.GetProperty("config").GetProperty("max_deliveries_per_connection").GetInt32());
    }

    [Fact]
    public async Task Validate_WithDns_ReportsTheSitesItFound()
    {
        var (exit, output, error) = await CliTests.Run("shaping", "validate", "--dns-server", _unbound.EndPoint.ToString(), Shaping());

        Assert.True(exit == 0, error);
        Assert.Contains("merged: 2 blocks, 1 provider, 0 rules (1 by domain, 1 by site)", output);
    }
}
