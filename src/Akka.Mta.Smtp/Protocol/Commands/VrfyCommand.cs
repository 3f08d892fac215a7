namespace Akka.Mta.Smtp.Protocol;

/// <summary><c>VRFY string</c>: answered with the "disabled" reply, never with user data.</summary>
public sealed record VrfyCommand(string Argument) : SmtpCommand(SmtpVerb.Vrfy)
{
    public static SmtpCommand Parse(string arguments) => new VrfyCommand(arguments.Trim());
}
