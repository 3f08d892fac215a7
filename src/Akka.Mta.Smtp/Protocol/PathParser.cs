namespace Akka.Mta.Smtp.Protocol;

/// <summary>
/// Parses the <c>&lt;...&gt;</c> path of MAIL and RCPT (RFC 5321 4.1.2): an optional source
/// route (ignored, 4.1.1.3), a dot-string or quoted-string local part, and a domain or an
/// address literal. Non-ASCII is accepted here; the caller rejects it without SMTPUTF8.
/// </summary>
public static class PathParser
{
    private const string AtextSpecials = "!#$%&'*+-/=?^_`{|}~";

    /// <summary>
    /// Reads a path at the start of <paramref name="text"/>. <paramref name="rest"/> is what follows
    /// the closing bracket. <paramref name="mailbox"/> is null for the null path <c>&lt;&gt;</c>.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Mailbox? mailbox, out ReadOnlySpan<char> rest)
    {
        mailbox = null;
        rest = default;
        if (text.IsEmpty || text[0] != '<')
        {
            return false;
        }
        var i = 1;
        if (i < text.Length && text[i] == '>')
        {
            rest = text[2..];
            return true;
        }
        if (i < text.Length && text[i] == '@')
        {
            // A-d-l ":" — a source route; RFC 5321 says to accept and ignore it.
            var colon = text.IndexOf(':');
            if (colon < 0)
            {
                return false;
            }
            i = colon + 1;
        }
        var localStart = i;
        if (!TrySkipLocalPart(text, ref i) || i >= text.Length || text[i] != '@')
        {
            return false;
        }
        var localPart = text[localStart..i];
        var domainStart = ++i;
        var close = text[domainStart..].IndexOf('>');
        if (close < 0)
        {
            return false;
        }
        var domain = text.Slice(domainStart, close);
        if (System.Text.Encoding.UTF8.GetByteCount(localPart) > Mailbox.MaxLocalPartOctets
            || !(DomainSyntax.IsDomain(domain, allowUtf8: true) || DomainSyntax.IsAddressLiteral(domain)))
        {
            return false;
        }
        mailbox = new Mailbox(localPart.ToString(), domain.ToString());
        rest = text[(domainStart + close + 1)..];
        return true;
    }

    private static bool TrySkipLocalPart(ReadOnlySpan<char> text, ref int i)
    {
        if (i < text.Length && text[i] == '"')
        {
            for (i++; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '\\')
                {
                    if (++i >= text.Length || text[i] < 32 || text[i] == 127)
                    {
                        return false;
                    }
                }
                else if (c == '"')
                {
                    i++;
                    return true;
                }
                else if (c < 32 || c == 127)
                {
                    return false;
                }
            }
            return false;
        }
        var start = i;
        var previousDot = true;
        for (; i < text.Length && text[i] != '@'; i++)
        {
            var c = text[i];
            if (c == '.')
            {
                if (previousDot)
                {
                    return false;
                }
                previousDot = true;
                continue;
            }
            if (!IsAtext(c))
            {
                return false;
            }
            previousDot = false;
        }
        return i > start && !previousDot;
    }

    private static bool IsAtext(char c) =>
        char.IsAsciiLetterOrDigit(c) || AtextSpecials.Contains(c) || (c > 0x7F && !char.IsControl(c) && !char.IsWhiteSpace(c));
}
