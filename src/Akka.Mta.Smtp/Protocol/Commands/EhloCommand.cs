namespace Akka.Mta.Smtp.Protocol;

/// <summary><c>EHLO domain</c> (RFC 5321 4.1.1.1): starts an ESMTP session, resets any transaction.</summary>
public sealed record EhloCommand(string ClientName) : SmtpCommand(SmtpVerb.Ehlo)
{
    public static SmtpCommand Parse(string arguments)
    {
        var name = arguments.Trim();
        if (name.Length == 0)
        {
            return new InvalidCommand(SmtpVerb.Ehlo, SmtpReplies.EhloSyntax);
        }
        return DomainSyntax.IsHeloName(name) ? new EhloCommand(name) : new InvalidCommand(SmtpVerb.Ehlo, SmtpReplies.InvalidHeloName);
    }
}
