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
        Validate(options);
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

    /// <summary>Refuses options the server cannot run with, naming the option.</summary>
    private static void Validate(SmtpServerOptions options)
    {
        Require(options.MaxCommandLineLength >= 512, nameof(options.MaxCommandLineLength), "must be at least 512 (RFC 5321 4.5.3.1.4)");
        Require(options.MaxDataLineLength is 0 or >= 1000, nameof(options.MaxDataLineLength), "must be 0 (no limit) or at least 1000 (RFC 5321 4.5.3.1.6)");
        Require(options.MaxMessageSize > 0, nameof(options.MaxMessageSize), "must be positive");
        Require(options.MaxRecipients > 0, nameof(options.MaxRecipients), "must be positive");
        Require(options.MaxErrors > 0, nameof(options.MaxErrors), "must be positive");
        Require(options.MaxCommandsWithoutMail > 0, nameof(options.MaxCommandsWithoutMail), "must be positive");
        Require(options.MaxConnections >= 0 && options.MaxConnectionsPerAddress >= 0, "MaxConnections", "must be 0 (no limit) or positive");
        Require(options.HeartbeatInterval > TimeSpan.Zero, nameof(options.HeartbeatInterval), "must be positive");
        Require(!string.IsNullOrWhiteSpace(options.HostName) && !options.HostName.Any(char.IsWhiteSpace), nameof(options.HostName), "must be a host name");
    }

    private static void Require(bool ok, string option, string rule)
    {
        if (!ok)
        {
            throw new ArgumentException($"SMTP server option {option} {rule}", option);
        }
    }
}
