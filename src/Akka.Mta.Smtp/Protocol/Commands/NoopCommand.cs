namespace Akka.Mta.Smtp.Protocol;

/// <summary><c>NOOP [string]</c>: the argument is ignored (RFC 5321 4.1.1.9).</summary>
public sealed record NoopCommand() : SmtpCommand(SmtpVerb.Noop)
{
    public static readonly NoopCommand Instance = new();

    public static SmtpCommand Parse(string arguments) => Instance;
}
