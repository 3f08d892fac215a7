using System.Text;

namespace Akka.Mta.Smtp.Protocol;

/// <summary>
/// Turns one command line (without its CRLF) into a command: the verb picks the parser in
/// Commands/, which checks the arguments. Never throws: bad input becomes <see cref="InvalidCommand"/>
/// or <see cref="UnknownCommand"/>.
/// </summary>
public static class SmtpCommandParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static SmtpCommand Parse(ReadOnlySpan<byte> line)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(line);
        }
        catch (DecoderFallbackException)
        {
            return new InvalidCommand(SmtpVerb.Unknown, SmtpReplies.InvalidUtf8InCommand);
        }
        return Parse(text);
    }

    public static SmtpCommand Parse(string line)
    {
        var space = line.IndexOf(' ');
        var verb = space < 0 ? line : line[..space];
        var arguments = space < 0 ? "" : line[(space + 1)..];
        return verb.ToUpperInvariant() switch
        {
            "EHLO" => EhloCommand.Parse(arguments),
            "HELO" => HeloCommand.Parse(arguments),
            "MAIL" => MailCommand.Parse(arguments),
            "RCPT" => RcptCommand.Parse(arguments),
            "DATA" => DataCommand.Parse(arguments),
            "BDAT" => BdatCommand.Parse(arguments),
            "RSET" => RsetCommand.Parse(arguments),
            "NOOP" => NoopCommand.Parse(arguments),
            "QUIT" => QuitCommand.Parse(arguments),
            "VRFY" => VrfyCommand.Parse(arguments),
            "EXPN" => ExpnCommand.Parse(arguments),
            "HELP" => HelpCommand.Parse(arguments),
            "STARTTLS" => StartTlsCommand.Parse(arguments),
            "AUTH" => AuthCommand.Parse(arguments),
            _ => new UnknownCommand(verb.Length > 32 ? verb[..32] : verb),
        };
    }
}
