using System.Net;
using Akka.Mta.Node.Hosting;
using Microsoft.Extensions.Configuration;

namespace Akka.Mta.Node.Tests;

public sealed class NodeOptionsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();

    [Fact]
    public void Defaults_AreLoopback8000_AndDataUnderWorkingDirectory()
    {
        var options = NodeOptions.FromConfiguration(Config());
        Assert.Equal(IPEndPoint.Parse("127.0.0.1:8000"), options.HttpListen);
        Assert.Equal(Path.GetFullPath("./data"), options.DataDir);
    }

    [Fact]
    public void Configuration_SetsListenerAndDataDir()
    {
        var options = NodeOptions.FromConfiguration(Config(("Http:Listen", "127.0.0.2:9000"), ("DataDir", "/tmp/x")));
        Assert.Equal(IPEndPoint.Parse("127.0.0.2:9000"), options.HttpListen);
        Assert.Equal("/tmp/x", options.DataDir);
    }

    [Fact]
    public void TheRepositorysSingleNodeConfiguration_Loads()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "cluster-config", "single-node.json")))
        {
            dir = dir.Parent;
        }
        Assert.NotNull(dir);
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(dir.FullName, "cluster-config", "single-node.json")).Build();

        var options = NodeOptions.FromConfiguration(configuration);

        Assert.Equal(IPEndPoint.Parse("127.0.0.1:2525"), options.SmtpListen);
        Assert.Equal("mta1.example.net", options.Egress.Sources["ip-1"].EhloDomain);
        Assert.Equal(1u, Assert.Single(options.Egress.Pools["shared"].Entries).Weight);
        Assert.EndsWith(Path.Combine("policy", "init.lua"), options.PolicyFile);
    }

    [Fact]
    public void EgressPool_NamingAnUnknownSource_NamesTheKey()
    {
        var e = Assert.Throws<NodeConfigurationException>(() => NodeOptions.FromConfiguration(Config(("Egress:Pools:shared:ip-9", "1"))));
        Assert.Equal("Egress:Pools:shared:ip-9", e.Key);
        Assert.Contains("ip-9", e.Message);
    }

    [Fact]
    public void BadEndpoint_NamesTheKey()
    {
        var e = Assert.Throws<NodeConfigurationException>(() => NodeOptions.FromConfiguration(Config(("Http:Listen", "localhost"))));
        Assert.Equal("Http:Listen", e.Key);
        Assert.Contains("\"localhost\" is not IP:PORT", e.Message);
    }

    [Fact]
    public void TrustedHosts_DefaultToLoopback_AndNoTokens()
    {
        var options = NodeOptions.FromConfiguration(Config());
        Assert.Equal(["127.0.0.1/32", "::1/128"], options.HttpTrustedHosts.Select(n => n.ToString()));
        Assert.Empty(options.HttpBearerTokens);
    }

    [Fact]
    public void TrustedHostsAndTokens_ReadAsListsOrCommaSeparated()
    {
        var options = NodeOptions.FromConfiguration(Config(
            ("Http:TrustedHosts:0", "10.0.0.0/8"), ("Http:TrustedHosts:1", "192.0.2.7"), ("Http:TrustedHosts:2", "fd00::/8"),
            ("Http:BearerTokens", "one, two")));
        Assert.Equal(["10.0.0.0/8", "192.0.2.7/32", "fd00::/8"], options.HttpTrustedHosts.Select(n => n.ToString()));
        Assert.Equal(["one", "two"], options.HttpBearerTokens);
    }

    [Fact]
    public void EmptyTrustedHosts_TrustsNobody()
    {
        Assert.Empty(NodeOptions.FromConfiguration(Config(("Http:TrustedHosts", ""))).HttpTrustedHosts);
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.1.2.3/8")]
    [InlineData("localhost")]
    public void BadTrustedHost_NamesTheKey(string text)
    {
        var e = Assert.Throws<NodeConfigurationException>(() => NodeOptions.FromConfiguration(Config(("Http:TrustedHosts:0", text))));
        Assert.Equal("Http:TrustedHosts:0", e.Key);
        Assert.Contains($"\"{text}\" is not a CIDR network", e.Message);
    }

    [Theory]
    [InlineData("1048576", 1048576L)]
    [InlineData("512KB", 524288L)]
    [InlineData("256 mb", 268435456L)]
    [InlineData("2GB", 2147483648L)]
    [InlineData("0", 0L)]
    public void MinFreeSpace_ReadsBytesOrBinaryUnits(string text, long bytes) =>
        Assert.Equal(bytes, NodeOptions.FromConfiguration(Config(("Spool:MinFreeSpace", text))).SpoolMinFreeBytes);

    [Theory]
    [InlineData("lots")]
    [InlineData("-1")]
    [InlineData("1.5GB")]
    [InlineData("99999999999GB")]
    public void BadMinFreeSpace_NamesTheKey(string text)
    {
        var e = Assert.Throws<NodeConfigurationException>(() => NodeOptions.FromConfiguration(Config(("Spool:MinFreeSpace", text))));
        Assert.Equal("Spool:MinFreeSpace", e.Key);
        Assert.Contains($"\"{text}\" is not a size", e.Message);
    }

    [Fact]
    public void MinFreeSpace_Defaults_To256MB() =>
        Assert.Equal(256L * 1024 * 1024, NodeOptions.FromConfiguration(Config()).SpoolMinFreeBytes);
}
