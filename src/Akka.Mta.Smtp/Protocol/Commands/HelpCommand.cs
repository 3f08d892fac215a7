namespace Akka.Mta.Smtp.Protocol;

/// <summary><c>HELP [topic]</c>: one fixed help text whatever the topic.</summary>
public sealed record HelpCommand(string Topic) : SmtpCommand(SmtpVerb.Help)
{
    public static SmtpCommand Parse(string arguments) => new HelpCommand(arguments.Trim());
}
