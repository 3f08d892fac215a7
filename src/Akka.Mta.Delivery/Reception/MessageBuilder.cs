using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Akka.Mta.Delivery.Reception;

/// <summary>
/// Assembles the inject API's builder form into an RFC 5322 / MIME message:
/// text, AMP and HTML bodies as multipart/alternative (in that order, the order AMP for Email
/// asks for), attachments in multipart/mixed (inline with Content-ID when one is given), text parts
/// quoted-printable in UTF-8, attachments base64, non-ASCII header text as RFC 2047 words.
/// </summary>
public static class MessageBuilder
{
    public static byte[] Build(BuilderContent content, string envelopeSender, NamedAddress recipient, string messageId, DateTimeOffset date)
    {
        var sb = new StringBuilder();
        var from = content.From ?? new NamedAddress(envelopeSender, null);
        var custom = content.Headers;
        bool Has(string name) => custom.Any(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase));

        if (!Has("From"))
        {
            Header(sb, "From", MimeEncoding.Mailbox(from.Email, from.Name));
        }
        if (!Has("To"))
        {
            Header(sb, "To", MimeEncoding.Mailbox(recipient.Email, recipient.Name));
        }
        if (content.ReplyTo is { } replyTo && !Has("Reply-To"))
        {
            Header(sb, "Reply-To", MimeEncoding.Mailbox(replyTo.Email, replyTo.Name));
        }
        if (content.Subject is { } subject && !Has("Subject"))
        {
            Header(sb, "Subject", MimeEncoding.HeaderText(subject));
        }
        if (!Has("Date"))
        {
            Header(sb, "Date", date.ToString("ddd, dd MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture) + date.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", ""));
        }
        if (!Has("Message-ID"))
        {
            Header(sb, "Message-ID", $"<{messageId}>");
        }
        foreach (var (name, value) in custom)
        {
            Header(sb, name, MimeEncoding.HeaderText(value));
        }
        Header(sb, "MIME-Version", "1.0");
        AppendEntity(sb, content);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static void AppendEntity(StringBuilder sb, BuilderContent content)
    {
        var alternatives = new List<(string Type, string Body)>();
        if (content.TextBody is { } text)
        {
            alternatives.Add(("text/plain", text));
        }
        if (content.AmpHtmlBody is { } amp)
        {
            alternatives.Add(("text/x-amp-html", amp));
        }
        if (content.HtmlBody is { } html)
        {
            alternatives.Add(("text/html", html));
        }
        if (content.Attachments.Count == 0)
        {
            AppendAlternatives(sb, alternatives);
            return;
        }
        var mixed = Boundary();
        Header(sb, "Content-Type", $"multipart/mixed; boundary=\"{mixed}\"");
        sb.Append("\r\n");
        if (alternatives.Count > 0)
        {
            sb.Append("--").Append(mixed).Append("\r\n");
            AppendAlternatives(sb, alternatives);
        }
        foreach (var attachment in content.Attachments)
        {
            sb.Append("\r\n--").Append(mixed).Append("\r\n");
            var name = attachment.FileName is { } f ? $"; filename=\"{MimeEncoding.HeaderText(f).Replace("\"", "")}\"" : "";
            Header(sb, "Content-Type", attachment.ContentType);
            Header(sb, "Content-Transfer-Encoding", "base64");
            Header(sb, "Content-Disposition", (attachment.ContentId is null ? "attachment" : "inline") + name);
            if (attachment.ContentId is { } cid)
            {
                Header(sb, "Content-ID", $"<{cid.Trim('<', '>')}>");
            }
            sb.Append("\r\n").Append(MimeEncoding.Base64Lines(attachment.Data));
        }
        sb.Append("\r\n--").Append(mixed).Append("--\r\n");
    }

    private static void AppendAlternatives(StringBuilder sb, List<(string Type, string Body)> alternatives)
    {
        if (alternatives.Count == 1)
        {
            AppendTextPart(sb, alternatives[0].Type, alternatives[0].Body);
            return;
        }
        var boundary = Boundary();
        Header(sb, "Content-Type", $"multipart/alternative; boundary=\"{boundary}\"");
        sb.Append("\r\n");
        foreach (var (type, body) in alternatives)
        {
            sb.Append("--").Append(boundary).Append("\r\n");
            AppendTextPart(sb, type, body);
            sb.Append("\r\n");
        }
        sb.Append("--").Append(boundary).Append("--\r\n");
    }

    private static void AppendTextPart(StringBuilder sb, string type, string body)
    {
        Header(sb, "Content-Type", $"{type}; charset=\"utf-8\"");
        Header(sb, "Content-Transfer-Encoding", "quoted-printable");
        sb.Append("\r\n").Append(MimeEncoding.QuotedPrintable(body)).Append("\r\n");
    }

    private static void Header(StringBuilder sb, string name, string value) => sb.Append(name).Append(": ").Append(value).Append("\r\n");

    private static string Boundary() => "=_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
