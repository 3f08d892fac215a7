using System.Net.Security;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Akka.Mta.Smtp.Server;

/// <summary>
/// The Kestrel connection handler: one <see cref="SmtpSession"/> per connection, all sharing the
/// options, services, TLS certificate and the one heartbeat. Host it with <see cref="SmtpServerHost"/>,
/// or call <see cref="OnConnectedAsync"/> with any <see cref="ConnectionContext"/> (tests use in-memory pipes).
/// </summary>
public sealed class SmtpConnectionHandler : ConnectionHandler, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    public SmtpConnectionHandler(SmtpServerOptions options, SmtpServerServices services)
    {
        Options = options;
        Services = services;
        Heartbeat = new SmtpHeartbeat(services.Time, options.HeartbeatInterval);
        Logger = services.LoggerFactory.CreateLogger<SmtpSession>();
        if (options.StartTls)
        {
            var certificate = options.Certificate ?? SelfSignedCertificate.Create(options.HostName, services.Time);
            TlsOptions = new SslServerAuthenticationOptions
            {
                ServerCertificateContext = SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true),
                ClientCertificateRequired = false,
            };
        }
    }

    public SmtpServerOptions Options { get; }

    public SmtpServerServices Services { get; }

    /// <summary>Null when STARTTLS is off.</summary>
    internal SslServerAuthenticationOptions? TlsOptions { get; }

    internal SmtpHeartbeat Heartbeat { get; }

    internal ILogger Logger { get; }

    /// <summary>Cancelled when the server stops; passed to the sink and policy hooks.</summary>
    internal CancellationToken Stopping => _stopping.Token;

    /// <summary>Sessions running now.</summary>
    public int ActiveSessions => Heartbeat.Count;

    public override Task OnConnectedAsync(ConnectionContext connection) => new SmtpSession(connection, this).RunAsync();

    public void Dispose()
    {
        _stopping.Cancel();
        Heartbeat.Dispose();
        _stopping.Dispose();
    }
}
