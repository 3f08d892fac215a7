using Akka.Mta.Core.Smtp;

namespace Akka.Mta.Smtp.Protocol;

/// <summary>
/// The server's replies as well-known instances (RFC 5321 codes with RFC 3463 enhanced codes).
/// Replies that carry session data (greeting, EHLO, queue id) are built by the methods here.
/// Split by concern: this file has the session and transaction replies; Errors, Limits and Auth
/// live in the partials beside it.
/// </summary>
public static partial class SmtpReplies
{
    public static readonly SmtpResponse Ok = Reply(250, "2.0.0", "Ok");
    public static readonly SmtpResponse SenderOk = Reply(250, "2.1.0", "Sender ok");
    public static readonly SmtpResponse RecipientOk = Reply(250, "2.1.5", "Recipient ok");
    public static readonly SmtpResponse ResetOk = Reply(250, "2.0.0", "Reset ok");
    public static readonly SmtpResponse StartData = new(354, null, "End data with <CR><LF>.<CR><LF>");
    public static readonly SmtpResponse Bye = Reply(221, "2.0.0", "Bye");
    public static readonly SmtpResponse VrfyDisabled = Reply(502, "5.5.1", "VRFY command is disabled");
    public static readonly SmtpResponse ExpnDisabled = Reply(502, "5.5.1", "EXPN command is disabled");
    public static readonly SmtpResponse Help = Reply(214, "2.0.0",
        "Commands: EHLO HELO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY HELP STARTTLS AUTH\nSee RFC 5321");
    public static readonly SmtpResponse ReadyForTls = Reply(220, "2.0.0", "Ready to start TLS");
    public static readonly SmtpResponse ChunkOk = Reply(250, "2.0.0", "Chunk accepted");

    /// <summary><c>220 host ESMTP banner</c>.</summary>
    public static SmtpResponse Greeting(string hostName, string banner) => new(220, null, $"{hostName} ESMTP {banner}");

    /// <summary><c>250 host</c>, the HELO reply.</summary>
    public static SmtpResponse HeloOk(string hostName) => new(250, null, hostName);

    /// <summary>The multi-line EHLO reply: host greeting, then one extension keyword per line.</summary>
    public static SmtpResponse EhloOk(string hostName, string clientName, IEnumerable<string> extensions) =>
        new(250, null, string.Join('\n', extensions.Prepend($"{hostName} greets {clientName}")));

    /// <summary><c>250 2.0.0 Ok: queued as ID</c>, sent after the sink said the message is durable.</summary>
    public static SmtpResponse Queued(string queueId) => Reply(250, "2.0.0", $"Ok: queued as {queueId}");

    /// <summary>A reply with an enhanced status code given as text (<c>"4.7.0"</c>).</summary>
    public static SmtpResponse Reply(int code, string enhanced, string text) =>
        new(code, EnhancedStatusCode.Parse(enhanced), text);
}
