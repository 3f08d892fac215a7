using System.Buffers;
using System.Globalization;
using System.Text;

namespace Akka.Mta.Smtp.Client;

/// <summary>
/// Formats the commands the client sends (the "format" step; parsing is <see cref="SmtpReplyParser"/>,
/// sending is <see cref="SmtpClient"/>). Arguments are checked by <see cref="EnvelopeCheck"/> first, so
/// nothing here can inject a line break.
/// </summary>
public static class ClientCommands
{
    /// <summary>The name a reply is attributed to in <c>SmtpResponse.Command</c>.</summary>
    public static class Names
    {
        public const string Ehlo = "EHLO";
        public const string Helo = "HELO";
        public const string StartTls = "STARTTLS";
        public const string Auth = "AUTH";
        public const string MailFrom = "MAIL FROM";
        public const string RcptTo = "RCPT TO";
        public const string Data = "DATA";
        public const string DataDot = ".";
        public const string Rset = "RSET";
        public const string Quit = "QUIT";
    }

    public static void Ehlo(IBufferWriter<byte> output, string domain) => Line(output, "EHLO ", domain);

    public static void Helo(IBufferWriter<byte> output, string domain) => Line(output, "HELO ", domain);

    public static void StartTls(IBufferWriter<byte> output) => Line(output, "STARTTLS", string.Empty);

    public static void Data(IBufferWriter<byte> output) => Line(output, "DATA", string.Empty);

    public static void Rset(IBufferWriter<byte> output) => Line(output, "RSET", string.Empty);

    public static void Quit(IBufferWriter<byte> output) => Line(output, "QUIT", string.Empty);

    /// <summary><c>AUTH PLAIN</c> with the initial response (RFC 4616): base64 of NUL user NUL password.</summary>
    public static void AuthPlain(IBufferWriter<byte> output, SmtpCredentials credentials)
    {
        var raw = Encoding.UTF8.GetBytes("\0" + credentials.Username + "\0" + credentials.Password);
        Line(output, "AUTH PLAIN ", Convert.ToBase64String(raw));
    }

    /// <summary><c>MAIL FROM:&lt;path&gt;</c> with the parameters the server offers and the message needs.</summary>
    public static void MailFrom(IBufferWriter<byte> output, string reversePath, MailParameters parameters)
    {
        var builder = new StringBuilder(reversePath.Length + 48);
        builder.Append('<').Append(reversePath).Append('>');
        if (parameters.Size is { } size)
        {
            builder.Append(" SIZE=").Append(size.ToString(CultureInfo.InvariantCulture));
        }
        if (parameters.EightBitMime)
        {
            builder.Append(" BODY=8BITMIME");
        }
        if (parameters.SmtpUtf8)
        {
            builder.Append(" SMTPUTF8");
        }
        Line(output, "MAIL FROM:", builder.ToString());
    }

    public static void RcptTo(IBufferWriter<byte> output, string forwardPath) => Line(output, "RCPT TO:<", forwardPath, ">");

    private static void Line(IBufferWriter<byte> output, string verb, string argument, string suffix = "")
    {
        var length = Encoding.UTF8.GetByteCount(argument) + verb.Length + suffix.Length + 2;
        var span = output.GetSpan(length);
        var written = Encoding.ASCII.GetBytes(verb, span);
        written += Encoding.UTF8.GetBytes(argument, span[written..]);
        written += Encoding.ASCII.GetBytes(suffix, span[written..]);
        span[written++] = (byte)'\r';
        span[written++] = (byte)'\n';
        output.Advance(written);
    }
}

/// <summary>The MAIL FROM parameters chosen for one message.</summary>
public readonly record struct MailParameters(long? Size, bool EightBitMime, bool SmtpUtf8);
