namespace Akka.Mta.Smtp.Protocol;

/// <summary><c>RSET</c>: abandons the current transaction.</summary>
public sealed record RsetCommand() : SmtpCommand(SmtpVerb.Rset)
{
    public static readonly RsetCommand Instance = new();

    public static SmtpCommand Parse(string arguments) =>
        arguments.Trim().Length == 0 ? Instance : new InvalidCommand(SmtpVerb.Rset, SmtpReplies.NoArguments);
}
