using System.Globalization;

namespace Akka.Mta.Smtp.Protocol;

/// <summary>The body type declared with <c>BODY=</c> (RFC 6152).</summary>
public enum BodyType
{
    SevenBit,
    EightBitMime,
}

/// <summary>
/// <c>MAIL FROM:&lt;reverse-path&gt; [SIZE=n] [BODY=7BIT|8BITMIME] [SMTPUTF8] [AUTH=...]</c>.
/// <see cref="Sender"/> is null for the null reverse-path <c>&lt;&gt;</c> (bounces).
/// </summary>
public sealed record MailCommand(Mailbox? Sender, long? Size, BodyType Body, bool SmtpUtf8, IReadOnlyList<EsmtpParameter> Parameters)
    : SmtpCommand(SmtpVerb.Mail)
{
    public static SmtpCommand Parse(string arguments)
    {
        var text = arguments.AsSpan();
        if (!text.StartsWith("FROM:", StringComparison.OrdinalIgnoreCase))
        {
            return Invalid(SmtpReplies.MailSyntax);
        }
        // Tolerate "MAIL FROM: <a@b>": many clients send the space RFC 5321 does not allow.
        text = text[5..].TrimStart(' ');
        if (text.IsEmpty || text[0] != '<')
        {
            return Invalid(SmtpReplies.MailSyntax);
        }
        if (!PathParser.TryParse(text, out var sender, out var rest) || (!rest.IsEmpty && rest[0] != ' '))
        {
            return Invalid(SmtpReplies.BadSenderAddress);
        }
        if (!EsmtpParameter.TryParseList(rest, out var parameters, out var error))
        {
            return Invalid(error!);
        }
        long? size = null;
        var body = BodyType.SevenBit;
        var smtpUtf8 = false;
        foreach (var p in parameters)
        {
            switch (p.Keyword)
            {
                case "SIZE" when p.Value is { Length: <= 18 } v && long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n):
                    size = n;
                    break;
                case "SIZE":
                    return Invalid(SmtpReplies.BadSizeParameter);
                case "BODY" when string.Equals(p.Value, "7BIT", StringComparison.OrdinalIgnoreCase):
                    body = BodyType.SevenBit;
                    break;
                case "BODY" when string.Equals(p.Value, "8BITMIME", StringComparison.OrdinalIgnoreCase):
                    body = BodyType.EightBitMime;
                    break;
                case "BODY":
                    return Invalid(SmtpReplies.BadBodyParameter);
                case "SMTPUTF8" when p.Value is null:
                    smtpUtf8 = true;
                    break;
                case "AUTH" when p.Value is not null:
                    break; // RFC 4954 5: accepted; the submitter identity is not used.
                default:
                    return Invalid(SmtpReplies.UnsupportedParameter(p.Keyword));
            }
        }
        return new MailCommand(sender, size, body, smtpUtf8, parameters);
    }

    private static InvalidCommand Invalid(Akka.Mta.Core.Smtp.SmtpResponse reply) => new(SmtpVerb.Mail, reply);
}
