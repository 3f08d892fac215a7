namespace Akka.Mta.Smtp.Protocol;

/// <summary><c>HELO domain</c>: the pre-ESMTP greeting; no extensions are offered after it.</summary>
public sealed record HeloCommand(string ClientName) : SmtpCommand(SmtpVerb.Helo)
{
    public static SmtpCommand Parse(string arguments)
    {
        var name = arguments.Trim();
        if (name.Length == 0)
        {
            return new InvalidCommand(SmtpVerb.Helo, SmtpReplies.HeloSyntax);
        }
        return DomainSyntax.IsHeloName(name) ? new HeloCommand(name) : new InvalidCommand(SmtpVerb.Helo, SmtpReplies.InvalidHeloName);
    }
}
