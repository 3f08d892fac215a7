using System.Security.Cryptography.X509Certificates;

namespace Akka.Mta.Smtp.Server;

/// <summary>Everything that shapes the server's behaviour; limits follow RFC 5321 4.5.3 where it gives one.</summary>
public sealed record SmtpServerOptions
{
    /// <summary>The name in the greeting, EHLO reply and <c>Received:</c> header.</summary>
    public string HostName { get; init; } = Environment.MachineName.ToLowerInvariant();

    public string Banner { get; init; } = "Akka.Mta";

    /// <summary>Largest message in octets (advertised with SIZE); larger ones get 552 5.3.4.</summary>
    public long MaxMessageSize { get; init; } = 50L * 1024 * 1024;

    /// <summary>Recipients per transaction (RFC 5321 4.5.3.1.8 asks for at least 100); more get 452 4.5.3.</summary>
    public int MaxRecipients { get; init; } = 100;

    /// <summary>
    /// Longest command line, CRLF included. RFC 5321 4.5.3.1.4 sets 512 and lets extensions raise
    /// it; 2048 leaves room for MAIL parameters and AUTH initial responses (as Postfix does).
    /// </summary>
    public int MaxCommandLineLength { get; init; } = 2048;

    /// <summary>Longest line of message text, CRLF included (RFC 5321 4.5.3.1.6: 1000); 0 for no limit.</summary>
    public int MaxDataLineLength { get; init; } = 1000;

    /// <summary>Commands other than MAIL, RCPT, DATA, BDAT allowed between transactions before 421.</summary>
    public int MaxCommandsWithoutMail { get; init; } = 50;

    /// <summary>Errors (bad syntax, out of sequence, unknown commands) before 421 and disconnect.</summary>
    public int MaxErrors { get; init; } = 20;

    /// <summary>Concurrent connections in all; more get 421 4.7.0 at connect. 0 for no limit.</summary>
    public int MaxConnections { get; init; } = 1000;

    /// <summary>Concurrent connections from one client IP address; 0 for no limit.</summary>
    public int MaxConnectionsPerAddress { get; init; } = 100;

    /// <summary>Longest wait for one complete command line (RFC 5321 4.5.3.2.7 asks for at least 5 minutes).</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Longest wait for more message bytes during DATA or BDAT.</summary>
    public TimeSpan DataTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Longest one message's content may take to arrive in all (DATA up to the final dot, or every
    /// BDAT chunk's bytes), however steadily it trickles in; past it the client gets 421 4.4.2.
    /// </summary>
    public TimeSpan DataPhaseTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Longest a connection may last in all, however busy.</summary>
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromMinutes(30);

    public TimeSpan TlsHandshakeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait before the greeting; a client that talks first is refused (early talker).</summary>
    public TimeSpan GreetingDelay { get; init; } = TimeSpan.Zero;

    /// <summary>How often the one heartbeat checks every session's deadlines.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Offer STARTTLS. Without <see cref="Certificate"/>, a self-signed one is made at start.</summary>
    public bool StartTls { get; init; } = true;

    public X509Certificate2? Certificate { get; init; }

    /// <summary>Allow AUTH on a connection without TLS (off by default: passwords stay encrypted).</summary>
    public bool AllowAuthWithoutTls { get; init; }

    /// <summary>Refuse messages with bare CR, bare LF or NUL (554 5.6.0) rather than pass them on.</summary>
    public bool RejectMalformedData { get; init; } = true;

    public bool Chunking { get; init; } = true;

    public bool SmtpUtf8 { get; init; } = true;

    public RelayOptions Relay { get; init; } = new();
}
