using System.Net;
using Akka.Mta.Node.Hosting;

namespace Akka.Mta.Node.Tests;

/// <summary>
/// A node started in-process for one test: port-0 listeners, a temporary data directory, the given
/// policy, DNS pointed at a closed port; the directory goes when the node is disposed.
/// </summary>
internal sealed class ThrowawayNode : IAsyncDisposable
{
    private readonly string _dir;

    private ThrowawayNode(string dir, NodeHost host)
    {
        _dir = dir;
        Host = host;
        Http = new HttpClient { BaseAddress = new Uri($"http://{host.HttpEndpoint}") };
    }

    public NodeHost Host { get; }

    public string PolicyFile => Path.Combine(_dir, "policy", "init.lua");

    public HttpClient Http { get; }

    public static async Task<ThrowawayNode> StartAsync(string policy = "local mta = require 'mta'\n", Func<NodeOptions, NodeOptions>? configure = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "akka-mta-node-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        Directory.CreateDirectory(Path.Combine(dir, "policy"));
        var policyFile = Path.Combine(dir, "policy", "init.lua");
        await File.WriteAllTextAsync(policyFile, policy);
        var options = new NodeOptions
        {
            HttpListen = new IPEndPoint(IPAddress.Loopback, 0),
            SmtpListen = new IPEndPoint(IPAddress.Loopback, 0),
            DataDir = dir,
            SpoolPath = Path.Combine(dir, "spool.db"),
            LogDir = Path.Combine(dir, "logs"),
            PolicyFile = policyFile,
            DnsServers = [new IPEndPoint(IPAddress.Loopback, 9)],
        };
        return new ThrowawayNode(dir, await NodeHost.StartAsync(configure?.Invoke(options) ?? options));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
