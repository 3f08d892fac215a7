namespace Akka.Mta.Smtp.Protocol;

/// <summary><c>EXPN string</c>: mailing lists are never expanded; answered with the "disabled" reply.</summary>
public sealed record ExpnCommand(string Argument) : SmtpCommand(SmtpVerb.Expn)
{
    public static SmtpCommand Parse(string arguments) => new ExpnCommand(arguments.Trim());
}
