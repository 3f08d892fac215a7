using System.Net;
using Akka.Mta.Node.Hosting;

namespace Akka.Mta.Node.Tests;

public sealed class ServeTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "akka-mta-serve-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Liveness_Answers200_WhenNodeIsUp()
    {
        Directory.CreateDirectory(_dataDir);
        var policy = Path.Combine(_dataDir, "init.lua");
        await File.WriteAllTextAsync(policy, "local mta = require 'mta'\n");
        await using var node = await NodeHost.StartAsync(new NodeOptions
        {
            HttpListen = new IPEndPoint(IPAddress.Loopback, 0),
            SmtpListen = new IPEndPoint(IPAddress.Loopback, 0),
            DataDir = _dataDir,
            SpoolPath = Path.Combine(_dataDir, "spool.db"),
            LogDir = Path.Combine(_dataDir, "logs"),
            PolicyFile = policy,
            DnsServers = [new IPEndPoint(IPAddress.Loopback, 9)],
        });
        using var http = new HttpClient { BaseAddress = new Uri($"http://{node.HttpEndpoint}") };

        var response = await http.GetAsync("/api/check-liveness/v1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("OK", await response.Content.ReadAsStringAsync());
        Assert.True(File.Exists(Path.Combine(_dataDir, "spool.db")), "serve opens its spool in the data directory");
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }
}
