using System.Buffers;
using System.Globalization;
using System.Text;
using Akka.Mta.Core.Smtp;

namespace Akka.Mta.Smtp.Protocol;

/// <summary>
/// Formats a reply onto the wire: <c>250-first</c> ... <c>250 last</c>, each line carrying the
/// enhanced status code when the reply has one (RFC 2034 section 4), CRLF line endings.
/// Line breaks in the content (<c>\n</c>) make the lines; control characters are replaced by spaces.
/// </summary>
public static class ReplyWriter
{
    public static void Write(IBufferWriter<byte> output, SmtpResponse reply)
    {
        var content = reply.Content.AsSpan();
        var enhanced = reply.Enhanced?.ToString();
        while (true)
        {
            var newline = content.IndexOf('\n');
            var line = newline < 0 ? content : content[..newline];
            WriteLine(output, reply.Code, enhanced, line.TrimEnd('\r'), last: newline < 0);
            if (newline < 0)
            {
                return;
            }
            content = content[(newline + 1)..];
        }
    }

    /// <summary>The reply as wire text (for logs and tests).</summary>
    public static string Format(SmtpResponse reply)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(buffer, reply);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteLine(IBufferWriter<byte> output, int code, string? enhanced, ReadOnlySpan<char> text, bool last)
    {
        var max = 4 + (enhanced?.Length + 1 ?? 0) + Encoding.UTF8.GetMaxByteCount(text.Length) + 2;
        var span = output.GetSpan(max);
        code.TryFormat(span, out var written, provider: CultureInfo.InvariantCulture);
        span[written++] = last ? (byte)' ' : (byte)'-';
        if (enhanced is not null)
        {
            written += Encoding.ASCII.GetBytes(enhanced, span[written..]);
            if (!text.IsEmpty)
            {
                span[written++] = (byte)' ';
            }
        }
        var textStart = written;
        written += Encoding.UTF8.GetBytes(text, span[written..]);
        foreach (ref var b in span[textStart..written])
        {
            if (b < 0x20 || b == 0x7F)
            {
                b = (byte)' ';
            }
        }
        span[written++] = (byte)'\r';
        span[written++] = (byte)'\n';
        output.Advance(written);
    }
}
