using Akka.Mta.Core.Smtp;

namespace Akka.Mta.Shaping.Automation;

/// <summary>
/// Reads a response given as text (<c>"421 4.7.0 [TSS04] Messages from ..."</c>, as a log shows it
/// or a user pastes it) into an <see cref="SmtpResponse"/>: the code, the enhanced code when the
/// text carries one, and the rest as content. Text without a leading 3-digit code is all content, code 0.
/// </summary>
public static class ResponseLine
{
    public static SmtpResponse Parse(string text)
    {
        var line = text.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ').Trim();
        if (line.Length < 3 || !char.IsAsciiDigit(line[0]) || !char.IsAsciiDigit(line[1]) || !char.IsAsciiDigit(line[2])
            || (line.Length > 3 && line[3] is not (' ' or '-')))
        {
            return new SmtpResponse(0, null, line);
        }
        var code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
        var rest = line.Length > 4 ? line[4..] : "";
        var space = rest.IndexOf(' ');
        var first = space < 0 ? rest : rest[..space];
        if (EnhancedStatusCode.TryParse(first, out var enhanced))
        {
            return new SmtpResponse(code, enhanced, space < 0 ? "" : rest[(space + 1)..]);
        }
        return new SmtpResponse(code, null, rest);
    }
}
