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
    public void BadEndpoint_NamesTheKey()
    {
        var e = Assert.Throws<NodeConfigurationException>(() => NodeOptions.FromConfiguration(Config(("Http:Listen", "localhost"))));
        Assert.Equal("Http:Listen", e.Key);
        Assert.Contains("\"localhost\" is not IP:PORT", e.Message);
    }
}
