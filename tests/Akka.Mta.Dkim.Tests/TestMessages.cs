using System.Text;

namespace Akka.Mta.Dkim.Tests;

/// <summary>Messages to sign: ordinary ones of several sizes and the awkward shapes real mail takes.</summary>
internal static class TestMessages
{
    public const string Headers =
        "From: Sender <sender@example.test>\r\n" +
        "To: rcpt@example.net\r\n" +
        "Subject: a test message\r\n" +
        "Date: Mon, 07 Dec 2026 10:00:00 +0000\r\n" +
        "Message-ID: <1@example.test>\r\n" +
        "MIME-Version: 1.0\r\n" +
        "Content-Type: text/plain; charset=utf-8\r\n";

    public static byte[] Small => Ascii(Headers + "\r\nHello.\r\n");

    /// <summary>A body of about <paramref name="bytes"/> bytes of 70-character lines, some with inner and trailing whitespace.</summary>
    public static byte[] WithBody(int bytes)
    {
        var body = new StringBuilder(bytes + 100);
        var line = 0;
        while (body.Length < bytes)
        {
            line++;
            body.Append(line % 7 == 0 ? "indented \t  line  with   runs of\twhitespace and trailing  \t" : $"Line {line:D6} of the body, plain text to fill the message up to its size.");
            body.Append("\r\n");
            if (line % 50 == 0)
            {
                body.Append("\r\n");
            }
        }
        return Ascii(Headers + "\r\n" + body);
    }

    /// <summary>Messages whose form differs from the plain case, by name.</summary>
    public static IReadOnlyList<(string Name, byte[] Content)> Awkward() =>
    [
        ("folded headers", Ascii(
            "From: \"A long display name that goes on\"\r\n <sender@example.test>\r\n" +
            "To: one@example.net,\r\n\ttwo@example.net,\r\n   three@example.net\r\n" +
            "Subject:   folded   subject\r\n  with a  second line \r\n\t and a third\r\n" +
            "X-Empty:\r\n" +
            "X-Spaces:    \r\n" +
            "Date: Mon, 07 Dec 2026 10:00:00 +0000\r\n\r\nbody\r\n")),
        ("bare LF everywhere", Ascii("From: sender@example.test\nTo: rcpt@example.net\nSubject: unix line ends\n\nline one\nline two  \n\n\n")),
        ("mixed line endings", Ascii("From: sender@example.test\r\nTo: rcpt@example.net\nSubject: mixed\r\n\r\none\ntwo\r\nthree\n")),
        ("no final line break", Ascii("From: sender@example.test\r\nTo: rcpt@example.net\r\nSubject: x\r\n\r\nlast line without CRLF")),
        ("headers only", Ascii("From: sender@example.test\r\nTo: rcpt@example.net\r\nSubject: no body\r\n")),
        ("empty body", Ascii("From: sender@example.test\r\nTo: rcpt@example.net\r\nSubject: empty\r\n\r\n")),
        ("trailing empty lines", Ascii("From: sender@example.test\r\nSubject: t\r\n\r\nbody\r\n\r\n\r\n \r\n\t\r\n")),
        ("duplicate headers", Ascii("From: sender@example.test\r\nTo: a@example.net\r\nTo: b@example.net\r\nSubject: one\r\nSubject: two\r\n\r\nbody\r\n")),
        ("header name case, no space after colon", Ascii("FROM: sender@example.test\r\nsUbJeCt:odd\r\nTo:rcpt@example.net\r\n\r\nbody\r\n")),
        ("utf-8 headers and body", Encoding.UTF8.GetBytes("From: Zoë <zoe@example.test>\r\nSubject: héllo wörld\r\nTo: r@example.net\r\n\r\nnaïve café — ünïcödé\r\n")),
        ("multipart with boundary whitespace", Ascii(
            "From: sender@example.test\r\nTo: r@example.net\r\nSubject: parts\r\nMIME-Version: 1.0\r\n" +
            "Content-Type: multipart/alternative; boundary=\"b1\"\r\n\r\npreamble\r\n--b1 \r\nContent-Type: text/plain\r\n\r\nplain\r\n" +
            "--b1\t\r\nContent-Type: text/html\r\n\r\n<p>html</p>\r\n--b1--  \r\nepilogue\r\n")),
        ("line starting with a dot", Ascii("From: sender@example.test\r\nSubject: dots\r\n\r\n.leading dot\r\n..two dots\r\n.\r\nend\r\n")),
        ("body with only whitespace lines", Ascii("From: sender@example.test\r\nSubject: ws\r\n\r\n   \r\n\t\r\n")),
    ];

    /// <summary>
    /// RFC 5322's obsolete "name WSP colon" form: dkimpy refuses to parse it (MessageFormatError),
    /// so only MimeKit checks this one.
    /// </summary>
    public static byte[] SpaceBeforeColon => Ascii("From : sender@example.test\r\nSubject\t: odd\r\nTo: rcpt@example.net\r\n\r\nbody\r\n");

    public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
}
