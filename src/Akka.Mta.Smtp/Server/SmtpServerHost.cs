using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Akka.Mta.Smtp.Server;

/// <summary>
/// A Kestrel server with only SMTP connection handlers, no web app: the node, the sink and tests
/// host it. Each endpoint runs the connection limiter, then the SMTP handler. Port 0 picks a free
/// port; <see cref="Endpoints"/> gives the bound ones.
/// </summary>
public sealed class SmtpServerHost : IAsyncDisposable
{
    private readonly KestrelServer _server;
    private int _disposed;

    private SmtpServerHost(KestrelServer server, SmtpConnectionHandler handler, ConnectionLimiter limiter, IReadOnlyList<IPEndPoint> endpoints)
    {
        _server = server;
        Handler = handler;
        Limiter = limiter;
        Endpoints = endpoints;
    }

    public IReadOnlyList<IPEndPoint> Endpoints { get; }

    public SmtpConnectionHandler Handler { get; }

    public ConnectionLimiter Limiter { get; }

    public static async Task<SmtpServerHost> StartAsync(
        SmtpServerOptions options, SmtpServerServices services, IEnumerable<IPEndPoint> endpoints, CancellationToken cancellationToken = default)
    {
        var handler = new SmtpConnectionHandler(options, services);
        var limiter = new ConnectionLimiter(options.MaxConnections, options.MaxConnectionsPerAddress);
        var kestrel = new KestrelServerOptions { ApplicationServices = new ServiceCollection().BuildServiceProvider() };
        kestrel.AddServerHeader = false;
        var listeners = new List<ListenOptions>();
        foreach (var endpoint in endpoints)
        {
            kestrel.Listen(endpoint, listen =>
            {
                listen.Use(next => connection => limiter.OnConnectionAsync(connection, next));
                listen.Use(_ => handler.OnConnectedAsync);
                listeners.Add(listen);
            });
        }
        var transport = new SocketTransportFactory(Options.Create(new SocketTransportOptions()), services.LoggerFactory);
        var server = new KestrelServer(Options.Create(kestrel), transport, services.LoggerFactory);
        try
        {
            await server.StartAsync(new NoHttpApplication(), cancellationToken);
        }
        catch
        {
            server.Dispose();
            handler.Dispose();
            throw;
        }
        var bound = listeners.Select(l => l.IPEndPoint!).ToArray();
        return new SmtpServerHost(server, handler, limiter, bound);
    }

    /// <summary>Stops listening, asks sessions to close (they answer 421 4.3.2), and aborts what is left after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        using var timeout = new CancellationTokenSource(grace);
        await _server.StopAsync(timeout.Token);
    }

    /// <summary>Stops (see <see cref="StopAsync"/>, 5 s of grace) and releases the listener; a second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await StopAsync(TimeSpan.FromSeconds(5));
        _server.Dispose();
        Handler.Dispose();
    }

    /// <summary>Kestrel wants an HTTP application even when every endpoint runs a connection handler.</summary>
    private sealed class NoHttpApplication : IHttpApplication<object>
    {
        public object CreateContext(IFeatureCollection contextFeatures) => new();

        public Task ProcessRequestAsync(object context) => Task.CompletedTask;

        public void DisposeContext(object context, Exception? exception)
        {
        }
    }
}
