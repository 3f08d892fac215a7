namespace Akka.Mta.Smtp.Protocol;

/// <summary><c>QUIT</c>: the server answers 221 and closes.</summary>
public sealed record QuitCommand() : SmtpCommand(SmtpVerb.Quit)
{
    public static readonly QuitCommand Instance = new();

    public static SmtpCommand Parse(string arguments) =>
        arguments.Trim().Length == 0 ? Instance : new InvalidCommand(SmtpVerb.Quit, SmtpReplies.NoArguments);
}
