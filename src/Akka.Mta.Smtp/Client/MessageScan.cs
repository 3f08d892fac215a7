using System.Text;

namespace Akka.Mta.Smtp.Client;

/// <summary>What the content and envelope of a message need from the server (RFC 6152, RFC 6531).</summary>
public readonly record struct MessageNeeds(bool EightBitContent, bool EightBitHeaders, bool Utf8Envelope)
{
    /// <summary>SMTPUTF8 is required when an address is not ASCII; wanted (if offered) for raw UTF-8 headers.</summary>
    public bool RequiresSmtpUtf8 => Utf8Envelope;

    public static MessageNeeds Of(SmtpEnvelope envelope, ReadOnlySpan<byte> content)
    {
        var eightBit = content.IndexOfAnyInRange((byte)0x80, (byte)0xff) >= 0;
        var headersEnd = HeaderLength(content);
        var eightBitHeaders = eightBit && content[..headersEnd].IndexOfAnyInRange((byte)0x80, (byte)0xff) >= 0;
        var utf8Envelope = !Ascii.IsValid(envelope.Sender) || envelope.Recipients.Any(r => !Ascii.IsValid(r));
        return new MessageNeeds(eightBit, eightBitHeaders, utf8Envelope);
    }

    /// <summary>Length of the header section: up to the first empty line (CRLF CRLF or LF LF), or all of it.</summary>
    private static int HeaderLength(ReadOnlySpan<byte> content)
    {
        var crlf = content.IndexOf("\r\n\r\n"u8);
        var lf = content.IndexOf("\n\n"u8);
        return (crlf, lf) switch
        {
            (< 0, < 0) => content.Length,
            (< 0, _) => lf,
            (_, < 0) => crlf,
            _ => Math.Min(crlf, lf),
        };
    }
}
