using System.Net;

namespace Akka.Mta.Smtp.Client;

/// <summary>
/// How the client uses STARTTLS; the values and their meaning follow KumoMTA's <c>enable_tls</c>.
/// </summary>
public enum SmtpTlsMode
{
    /// <summary>Use STARTTLS when the server offers it, with certificate validation; a failed handshake fails the connection.</summary>
    Opportunistic,

    /// <summary>Use STARTTLS when offered, without certificate validation (lab use).</summary>
    OpportunisticInsecure,

    /// <summary>STARTTLS must be offered and succeed with a valid certificate, or the connection fails.</summary>
    Required,

    /// <summary>STARTTLS must be offered and succeed; the certificate is not validated.</summary>
    RequiredInsecure,

    /// <summary>Never use TLS.</summary>
    Disabled,
}

/// <summary>AUTH PLAIN credentials for a relay (<c>smtp_auth_plain_username</c> / <c>_password</c>).</summary>
public sealed record SmtpCredentials(string Username, string Password)
{
    public override string ToString() => $"SmtpCredentials {{ Username = {Username}, Password = *** }}";
}

/// <summary>One timeout per protocol step, named and defaulted as KumoMTA's egress path options.</summary>
public sealed record SmtpTimeouts
{
    public TimeSpan Connect { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan Banner { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan Ehlo { get; init; } = TimeSpan.FromSeconds(300);
    public TimeSpan Auth { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan MailFrom { get; init; } = TimeSpan.FromSeconds(300);
    public TimeSpan RcptTo { get; init; } = TimeSpan.FromSeconds(300);
    public TimeSpan Data { get; init; } = TimeSpan.FromSeconds(300);
    public TimeSpan DataDot { get; init; } = TimeSpan.FromSeconds(300);
    public TimeSpan Rset { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan StartTls { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an idle connection waits for more work; the delivery layer applies it between sends.</summary>
    public TimeSpan Idle { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>QUIT is a courtesy: the connection closes after this long whatever the server says.</summary>
    public TimeSpan Quit { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Every step with the same timeout (tests and tools).</summary>
    public static SmtpTimeouts All(TimeSpan timeout) => new()
    {
        Connect = timeout, Banner = timeout, Ehlo = timeout, Auth = timeout, MailFrom = timeout, RcptTo = timeout,
        Data = timeout, DataDot = timeout, Rset = timeout, StartTls = timeout, Idle = timeout, Quit = timeout,
    };
}

/// <summary>
/// Client settings for one egress path, shaped after KumoMTA's <c>make_egress_path</c> options
/// (§1.7 of the compatibility spec). Options that decide which host to connect to, and when
/// (prohibited_hosts, ip_lookup_strategy, reconnect_strategy, max_deliveries_per_connection),
/// belong to the delivery layer, which reads <see cref="SmtpClient.State"/> and the failure kinds.
/// </summary>
public sealed record SmtpClientOptions
{
    /// <summary><c>smtp_port</c>.</summary>
    public int Port { get; init; } = 25;

    /// <summary><c>ehlo_domain</c>; the machine's host name when not set.</summary>
    public string? EhloDomain { get; init; }

    /// <summary>Local address the connection is bound to (the egress source), or null for the OS choice.</summary>
    public IPAddress? SourceAddress { get; init; }

    /// <summary><c>enable_tls</c>.</summary>
    public SmtpTlsMode EnableTls { get; init; } = SmtpTlsMode.Opportunistic;

    /// <summary>
    /// <c>opportunistic_tls_reconnect_on_failed_handshake</c>: with an Opportunistic mode, a failed
    /// handshake makes <see cref="SmtpClient.ConnectAsync"/> reconnect once without STARTTLS
    /// instead of failing. Off by default, as in KumoMTA.
    /// </summary>
    public bool OpportunisticTlsReconnectOnFailedHandshake { get; init; }

    /// <summary>Host name checked against the server certificate; the MX host name given to connect when not set.</summary>
    public string? TlsServerName { get; init; }

    /// <summary><c>enable_pipelining</c>: MAIL, RCPTs and DATA in one write when the server offers PIPELINING.</summary>
    public bool EnablePipelining { get; init; } = true;

    /// <summary><c>enable_rset</c>: RSET before each message after the first on a connection.</summary>
    public bool EnableRset { get; init; } = true;

    /// <summary>AUTH PLAIN credentials, or null to not authenticate.</summary>
    public SmtpCredentials? AuthPlain { get; init; }

    /// <summary><c>allow_smtp_auth_plain_without_tls</c>.</summary>
    public bool AllowAuthPlainWithoutTls { get; init; }

    /// <summary><c>allow_smtp_auth_plain_without_valid_certificate</c>.</summary>
    public bool AllowAuthPlainWithoutValidCertificate { get; init; }

    /// <summary><c>ignore_8bit_checks</c>: send 8-bit content even when the server does not offer 8BITMIME.</summary>
    public bool Ignore8BitChecks { get; init; }

    public SmtpTimeouts Timeouts { get; init; } = new();

    /// <summary>Longest reply line accepted (RFC 5321 allows 512 bytes; real servers exceed it).</summary>
    public int MaxReplyLineLength { get; init; } = SmtpReplyParser.DefaultMaxLineLength;

    internal string EffectiveEhloDomain => string.IsNullOrWhiteSpace(EhloDomain) ? MachineName.Value : EhloDomain;

    /// <summary>gethostname(2): no DNS query is made.</summary>
    private static readonly Lazy<string> MachineName = new(System.Net.Dns.GetHostName);

    internal bool TlsIsInsecure => EnableTls is SmtpTlsMode.OpportunisticInsecure or SmtpTlsMode.RequiredInsecure;

    internal bool TlsIsRequired => EnableTls is SmtpTlsMode.Required or SmtpTlsMode.RequiredInsecure;
}
