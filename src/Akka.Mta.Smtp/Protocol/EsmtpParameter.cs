namespace Akka.Mta.Smtp.Protocol;

/// <summary>One MAIL or RCPT parameter, <c>KEYWORD[=value]</c>; the keyword is upper-cased.</summary>
public sealed record EsmtpParameter(string Keyword, string? Value)
{
    public override string ToString() => Value is null ? Keyword : $"{Keyword}={Value}";

    /// <summary>
    /// Parses the space-separated parameters after a path (RFC 5321 4.1.2 <c>esmtp-param</c>).
    /// False with <paramref name="error"/> set on bad syntax or a keyword given twice.
    /// </summary>
    public static bool TryParseList(ReadOnlySpan<char> text, out IReadOnlyList<EsmtpParameter> parameters, out Akka.Mta.Core.Smtp.SmtpResponse? error)
    {
        var list = new List<EsmtpParameter>();
        parameters = list;
        error = null;
        foreach (var range in text.Split(' '))
        {
            var token = text[range];
            if (token.IsEmpty)
            {
                continue;
            }
            var eq = token.IndexOf('=');
            var keyword = eq < 0 ? token : token[..eq];
            var value = eq < 0 ? default : token[(eq + 1)..];
            if (keyword.IsEmpty || !char.IsAsciiLetterOrDigit(keyword[0]) || keyword.ContainsAnyExcept(KeywordChars)
                || (eq >= 0 && (value.IsEmpty || value.Contains('=') || value.ContainsAnyInRange((char)0, (char)32))))
            {
                error = SmtpReplies.BadParameterSyntax;
                return false;
            }
            var name = keyword.ToString().ToUpperInvariant();
            if (list.Exists(p => p.Keyword == name))
            {
                error = SmtpReplies.DuplicateParameter;
                return false;
            }
            list.Add(new EsmtpParameter(name, eq < 0 ? null : value.ToString()));
        }
        return true;
    }

    private static readonly System.Buffers.SearchValues<char> KeywordChars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-");
}
