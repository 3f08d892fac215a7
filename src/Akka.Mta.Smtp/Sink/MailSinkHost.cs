using System.Net;
using Akka.Mta.Smtp.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Akka.Mta.Smtp.Sink;

/// <summary>What <c>akka-mta sink</c> runs: where to listen, TLS, the reply file.</summary>
public sealed record MailSinkOptions
{
    public IPEndPoint Listen { get; init; } = new(IPAddress.Loopback, 0);

    /// <summary>Where <c>GET /stats</c> is served; null for no HTTP listener.</summary>
    public IPEndPoint? Http { get; init; }

    /// <summary>Offer STARTTLS with a self-signed certificate.</summary>
    public bool Tls { get; init; }

    public ReplyRules Rules { get; init; } = ReplyRules.None;

    public string HostName { get; init; } = "sink.akka-mta.test";

    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>
/// The sink, hosted: the SMTP server with a <see cref="MailSink"/> and, when asked, an HTTP
/// listener with <c>GET /stats</c> (JSON) and <c>POST /stats/reset</c>. Tests start it in-process.
/// </summary>
public sealed class MailSinkHost : IAsyncDisposable
{
    private readonly SmtpServerHost _smtp;
    private readonly WebApplication? _http;

    private MailSinkHost(MailSink sink, SmtpServerHost smtp, WebApplication? http, IPEndPoint? httpEndpoint)
    {
        Sink = sink;
        _smtp = smtp;
        _http = http;
        HttpEndpoint = httpEndpoint;
    }

    public MailSink Sink { get; }

    public SinkStats Stats => Sink.Stats;

    public IPEndPoint SmtpEndpoint => _smtp.Endpoints[0];

    public IPEndPoint? HttpEndpoint { get; }

    public static async Task<MailSinkHost> StartAsync(MailSinkOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        var sink = new MailSink(options.Rules, options.Time);
        var serverOptions = new SmtpServerOptions
        {
            HostName = options.HostName,
            Banner = "Akka.Mta sink",
            StartTls = options.Tls,
            Relay = RelayOptions.Open,
            MaxConnections = 0,
            MaxConnectionsPerAddress = 0,
            MaxRecipients = 10_000,
            MaxCommandsWithoutMail = 1000,
            MaxMessageSize = 200L * 1024 * 1024,
        };
        var services = new SmtpServerServices(sink) { Policy = sink, Time = options.Time };
        if (loggerFactory is not null)
        {
            services = services with { LoggerFactory = loggerFactory };
        }
        var smtp = await SmtpServerHost.StartAsync(serverOptions, services, [options.Listen], cancellationToken);
        if (options.Http is null)
        {
            return new MailSinkHost(sink, smtp, null, null);
        }
        try
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(options.Http));
            var app = builder.Build();
            app.MapGet("/stats", () => Results.Text(sink.Stats.ToJson(), "application/json"));
            app.MapPost("/stats/reset", () =>
            {
                sink.Stats.Reset();
                return Results.Text(sink.Stats.ToJson(), "application/json");
            });
            await app.StartAsync(cancellationToken);
            return new MailSinkHost(sink, smtp, app, BoundEndpoint(app, options.Http));
        }
        catch
        {
            await smtp.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_http is not null)
        {
            await _http.StopAsync();
            await _http.DisposeAsync();
        }
        await _smtp.DisposeAsync();
    }

    private static IPEndPoint BoundEndpoint(WebApplication app, IPEndPoint requested)
    {
        if (requested.Port != 0)
        {
            return requested;
        }
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        return new IPEndPoint(requested.Address, new Uri(addresses.Addresses.First()).Port);
    }
}
