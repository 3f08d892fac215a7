using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Akka.Mta.Node.Hosting;

/// <summary>
/// A running node: the web host with its HTTP API. Tests start it in-process on port 0
/// and read <see cref="HttpEndpoint"/> for the bound address.
/// </summary>
public sealed class NodeHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private NodeHost(WebApplication app, IPEndPoint httpEndpoint)
    {
        _app = app;
        HttpEndpoint = httpEndpoint;
    }

    public IPEndPoint HttpEndpoint { get; }

    public static async Task<NodeHost> StartAsync(NodeOptions options, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(options.DataDir);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(options.HttpListen));
        var app = builder.Build();
        app.MapGet("/api/check-liveness/v1", () => Results.Text("OK"));
        await app.StartAsync(cancellationToken);
        return new NodeHost(app, BoundEndpoint(app, options.HttpListen));
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static IPEndPoint BoundEndpoint(WebApplication app, IPEndPoint requested)
    {
        if (requested.Port != 0)
        {
            return requested;
        }
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        var bound = new Uri(addresses.Addresses.First());
        return new IPEndPoint(requested.Address, bound.Port);
    }
}
