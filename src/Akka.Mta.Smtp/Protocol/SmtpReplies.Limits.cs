using Akka.Mta.Core.Smtp;

namespace Akka.Mta.Smtp.Protocol;

/// <summary>Replies for limits, relay control, TLS, timeouts and sink failures.</summary>
public static partial class SmtpReplies
{
    public static readonly SmtpResponse MessageTooBig = Reply(552, "5.3.4", "Message size exceeds fixed maximum message size");
    public static readonly SmtpResponse TooManyRecipients = Reply(452, "4.5.3", "Too many recipients");
    public static readonly SmtpResponse RelayDenied = Reply(550, "5.7.1", "Relay access denied");
    public static readonly SmtpResponse TooManyConnections = Reply(421, "4.7.0", "Too many connections, try again later");
    public static readonly SmtpResponse TooManyConnectionsFromAddress = Reply(421, "4.7.0", "Too many connections from your address, try again later");
    public static readonly SmtpResponse TooManyErrors = Reply(421, "4.7.0", "Too many errors, closing connection");
    public static readonly SmtpResponse TooManyCommandsWithoutMail = Reply(421, "4.7.0", "Too many commands without a transaction, closing connection");
    public static readonly SmtpResponse Timeout = Reply(421, "4.4.2", "Timeout exceeded, closing connection");
    public static readonly SmtpResponse ShuttingDown = Reply(421, "4.3.2", "Service shutting down, closing connection");
    public static readonly SmtpResponse SinkFailed = Reply(451, "4.3.0", "Error: the message could not be stored, try again later");
    public static readonly SmtpResponse PolicyFailed = Reply(451, "4.3.0", "Error: policy check failed, try again later");

    public static readonly SmtpResponse TlsNotAvailable = Reply(454, "4.7.0", "TLS not available");
    public static readonly SmtpResponse TlsAlreadyActive = Reply(503, "5.5.1", "TLS already active");
}
