namespace Akka.Mta.Smtp.Protocol;

/// <summary><c>DATA</c>: the message follows, dot-stuffed, up to <c>CRLF.CRLF</c>.</summary>
public sealed record DataCommand() : SmtpCommand(SmtpVerb.Data)
{
    public static readonly DataCommand Instance = new();

    public static SmtpCommand Parse(string arguments) =>
        arguments.Trim().Length == 0 ? Instance : new InvalidCommand(SmtpVerb.Data, SmtpReplies.NoArguments);
}
