namespace Akka.Mta.Smtp.Protocol;

/// <summary>
/// <c>AUTH mechanism [initial-response]</c> (RFC 4954). <see cref="InitialResponse"/> is the
/// base64 text as sent; <c>=</c> stands for an empty initial response.
/// </summary>
public sealed record AuthCommand(string Mechanism, string? InitialResponse) : SmtpCommand(SmtpVerb.Auth)
{
    public static SmtpCommand Parse(string arguments)
    {
        var parts = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is < 1 or > 2)
        {
            return new InvalidCommand(SmtpVerb.Auth, SmtpReplies.AuthSyntax);
        }
        return new AuthCommand(parts[0].ToUpperInvariant(), parts.Length == 2 ? parts[1] : null);
    }
}
