using System.Globalization;
using System.Text;

namespace Akka.Mta.Smtp.Server;

/// <summary>
/// The trace header the server puts first in every message (RFC 5321 4.4), with the protocol
/// keyword of RFC 3848 / RFC 6531 (ESMTP, ESMTPS, ESMTPSA, UTF8SMTPS, ...).
/// <code>
/// Received: from client.example ([192.0.2.1])
///         by mx.example (Akka.Mta) with ESMTPS id 0HN1.1
///         (using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384)
///         for &lt;rcpt@example.com&gt;; Mon, 23 Nov 2026 10:00:00 +0000
/// </code>
/// </summary>
public static class ReceivedHeader
{
    public static string Format(SmtpSessionInfo session, string hostName, string id, ReceivedEnvelope envelope, DateTimeOffset at)
    {
        var protocol = (envelope.SmtpUtf8 ? "UTF8SMTP" : session.IsExtended ? "ESMTP" : "SMTP")
            + (session.Tls is null ? "" : "S") + (session.AuthenticatedUser is null ? "" : "A");
        var builder = new StringBuilder(256);
        builder.Append("Received: from ").Append(Clean(session.HeloName ?? "unknown"));
        builder.Append(" ([").Append(session.ClientAddress?.ToString() ?? "unknown").Append("])\r\n");
        builder.Append("\tby ").Append(hostName).Append(" (Akka.Mta) with ").Append(protocol).Append(" id ").Append(id).Append("\r\n");
        if (session.Tls is { } tls)
        {
            builder.Append("\t(using ").Append(tls.ProtocolName).Append(" with cipher ").Append(tls.CipherSuite).Append(")\r\n");
        }
        if (envelope.Recipients.Count == 1)
        {
            builder.Append("\tfor <").Append(envelope.Recipients[0].Address.Address).Append('>');
        }
        else
        {
            // The date ends the last line: a line of its own starting with ';' is no continuation
            // and would end the header section for every parser (and break DKIM verification).
            builder.Length -= 2;
        }
        builder.Append("; ").Append(at.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture)).Append("\r\n");
        return builder.ToString();
    }

    private static string Clean(string name) => name.Replace('(', '_').Replace(')', '_');
}
