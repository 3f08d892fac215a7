using System.Net;
using Akka.Mta.Node.Hosting;

namespace Akka.Mta.Node.Tests;

public sealed class ServeTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "akka-mta-serve-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Liveness_Answers200_WhenNodeIsUp()
    {
        await using var node = await NodeHost.StartAsync(new NodeOptions
        {
            HttpListen = new IPEndPoint(IPAddress.Loopback, 0),
            DataDir = _dataDir,
        });
        using var http = new HttpClient { BaseAddress = new Uri($"http://{node.HttpEndpoint}") };

        var response = await http.GetAsync("/api/check-liveness/v1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("OK", await response.Content.ReadAsStringAsync());
        Assert.True(Directory.Exists(_dataDir), "serve creates its data directory");
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }
}
