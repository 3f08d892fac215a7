namespace Akka.Mta.Smtp.Protocol;

/// <summary><c>STARTTLS</c> (RFC 3207): the TLS handshake follows the 220 reply.</summary>
public sealed record StartTlsCommand() : SmtpCommand(SmtpVerb.StartTls)
{
    public static readonly StartTlsCommand Instance = new();

    public static SmtpCommand Parse(string arguments) =>
        arguments.Trim().Length == 0 ? Instance : new InvalidCommand(SmtpVerb.StartTls, SmtpReplies.NoArguments);
}
