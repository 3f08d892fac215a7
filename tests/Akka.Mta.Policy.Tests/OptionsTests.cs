using System.Text.Json.Nodes;
using Akka.Mta.Policy.Options;

namespace Akka.Mta.Policy.Tests;

public sealed class OptionsTests
{
    [Theory]
    [InlineData("5m", 300)]
    [InlineData("1 hour", 3600)]
    [InlineData("1h 30m", 5400)]
    [InlineData("3 days", 259200)]
    [InlineData("90 seconds", 90)]
    [InlineData("250ms", 0.25)]
    [InlineData("1M", 2630016)]
    [InlineData("20", 20)]
    public void Duration_ParsesHumantimeText(string text, double seconds)
    {
        Assert.True(DurationText.TryParse(text, out var d));
        Assert.Equal(seconds, d.TotalSeconds, 6);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("5 fortnights")]
    [InlineData("m5")]
    public void Duration_RejectsOtherText(string text) => Assert.False(DurationText.TryParse(text, out _));

    [Fact]
    public void EgressSource_ChecksEveryField()
    {
        var options = JsonNode.Parse("""
            {"name":"ip-1","source_address":"10.0.0.1","ehlo_domain":"mx.example","remote_port":2525,
             "ha_proxy_server":"127.0.0.1:5000","ha_proxy_source_address":"192.0.2.1",
             "socks5_proxy_server":"[::1]:1080","socks5_proxy_source_address":"::1",
             "socks5_proxy_username":"u","socks5_proxy_password":"p",
             "suspend_when_proxy_unhealthy":{"trigger":{"Threshold":"5/10m"},"duration":"1h"},"ttl":30}
            """)!.AsObject();

        var source = EgressSource.Parse(options, "ip-1");

        Assert.Equal(2525, source.RemotePort);
        Assert.Equal("127.0.0.1:5000", source.HaProxyServer!.ToString());
        Assert.Equal("[::1]:1080", source.Socks5ProxyServer!.ToString());
        Assert.Equal(new SuspendPolicy("Threshold=5/10m", TimeSpan.FromHours(1)), source.SuspendWhenProxyUnhealthy);
        Assert.Equal(TimeSpan.FromSeconds(30), source.Ttl);
    }

    [Fact]
    public void EgressSource_ListsEveryProblem()
    {
        var options = JsonNode.Parse("""
            {"name":"other","remote_port":70000,"ha_proxy_server":"localhost","suspend_when_unplumbed":{"trigger":"Later"},"bogus":1}
            """)!.AsObject();

        var ex = Assert.Throws<OptionsException>(() => EgressSource.Parse(options, "ip-1"));

        Assert.Equal(
        [
            "name: \"other\" returned for source \"ip-1\"",
            "remote_port: expected an integer from 1 to 65535, got 70000",
            "ha_proxy_server: \"localhost\" is not IP:PORT",
            "trigger: expected \"Immediate\" or {Threshold=\"N/period\"}, got \"Later\"",
            "suspend_when_unplumbed.duration: required",
            "bogus: unknown option",
        ], ex.Problems);
    }

    [Fact]
    public void EgressPool_ChecksEntries()
    {
        var ok = EgressPool.Parse(JsonNode.Parse("""{"entries":[{"name":"a","weight":0},{"name":"b"}]}""")!.AsObject(), "p");
        Assert.Equal([new EgressPoolEntry("a", 0), new EgressPoolEntry("b", 1)], ok.Entries);

        var ex = Assert.Throws<OptionsException>(() => EgressPool.Parse(
            JsonNode.Parse("""{"entries":[{"weight":-1},"x"],"ttl":"never"}""")!.AsObject(), "p"));
        Assert.Equal(
        [
            "entries[1].name: required",
            "entries[1].weight: expected an integer from 0 to 4294967295, got -1",
            "entries[2]: expected a table {name=..., weight=...}, got \"x\"",
            "ttl: expected a duration (seconds, or text such as \"5m\" or \"1 hour\"), got \"never\"",
        ], ex.Problems);
    }

    [Fact]
    public void Verdict_SplitsEnhancedCode_OnlyWhenTheClassMatches()
    {
        Assert.Equal("5.7.1", PolicyVerdict.FromReject(550, "5.7.1 denied", null).Rejection!.Enhanced!.ToString());
        var mismatch = PolicyVerdict.FromReject(450, "5.7.1 denied", null).Rejection!;
        Assert.Null(mismatch.Enhanced);
        Assert.Equal("5.7.1 denied", mismatch.Content);
    }
}
