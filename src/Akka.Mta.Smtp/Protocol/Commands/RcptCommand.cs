namespace Akka.Mta.Smtp.Protocol;

/// <summary>
/// <c>RCPT TO:&lt;forward-path&gt;</c>. <c>&lt;Postmaster&gt;</c> without a domain is accepted
/// (RFC 5321 4.5.1) and has <see cref="IsPostmaster"/> set, with the domain left empty.
/// </summary>
public sealed record RcptCommand(Mailbox Recipient, bool IsPostmaster, IReadOnlyList<EsmtpParameter> Parameters)
    : SmtpCommand(SmtpVerb.Rcpt)
{
    public static SmtpCommand Parse(string arguments)
    {
        var text = arguments.AsSpan();
        if (!text.StartsWith("TO:", StringComparison.OrdinalIgnoreCase))
        {
            return Invalid(SmtpReplies.RcptSyntax);
        }
        text = text[3..].TrimStart(' ');
        if (text.IsEmpty || text[0] != '<')
        {
            return Invalid(SmtpReplies.RcptSyntax);
        }
        Mailbox? recipient;
        ReadOnlySpan<char> rest;
        var postmaster = false;
        if (text.StartsWith("<postmaster>", StringComparison.OrdinalIgnoreCase))
        {
            recipient = new Mailbox(text[1..11].ToString(), "");
            rest = text[12..];
            postmaster = true;
        }
        else if (!PathParser.TryParse(text, out recipient, out rest) || recipient is null)
        {
            return Invalid(SmtpReplies.BadRecipientAddress);
        }
        if (!rest.IsEmpty && rest[0] != ' ')
        {
            return Invalid(SmtpReplies.BadRecipientAddress);
        }
        if (!EsmtpParameter.TryParseList(rest, out var parameters, out var error))
        {
            return Invalid(error!);
        }
        if (parameters.Count > 0)
        {
            return Invalid(SmtpReplies.UnsupportedParameter(parameters[0].Keyword));
        }
        return new RcptCommand(recipient, postmaster, parameters);
    }

    private static InvalidCommand Invalid(Akka.Mta.Core.Smtp.SmtpResponse reply) => new(SmtpVerb.Rcpt, reply);
}
