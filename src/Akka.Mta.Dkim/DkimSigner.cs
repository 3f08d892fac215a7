using System.Security.Cryptography;
using System.Text;

namespace Akka.Mta.Dkim;

/// <summary>
/// Signs messages with one key and one set of options. <see cref="Sign"/> returns the
/// <c>DKIM-Signature</c> header field to put in front of the message; the message itself is not
/// changed. Thread-safe: every call has its own hashing state.
/// </summary>
public sealed class DkimSigner
{
    public const string FieldName = "DKIM-Signature";

    public DkimSigner(DkimSignerOptions options, DkimSigningKey key)
    {
        options.Validate();
        Options = options;
        Key = key;
    }

    public DkimSignerOptions Options { get; }

    public DkimSigningKey Key { get; }

    public DkimAlgorithm Algorithm => Key.Algorithm;

    /// <summary>The signature header field for <paramref name="message"/> (RFC 5322 bytes), ending in CRLF.</summary>
    public string Sign(ReadOnlySpan<byte> message, DateTimeOffset now)
    {
        var section = HeaderSection.Parse(message);
        using var sink = new HashSink();
        Span<byte> digest = stackalloc byte[32];
        Canonicalizer.Body(message[section.BodyStart..], Options.BodyCanonicalization, sink);
        sink.Finish(digest);
        var bodyHash = Convert.ToBase64String(digest);

        var signed = new List<HeaderField>(Options.Headers.Count + 4);
        var names = SignedNames(message, section, signed);
        var field = new SignatureField(this, now, names, bodyHash);

        foreach (var header in signed)
        {
            Canonicalizer.Header(message, header, Options.HeaderCanonicalization, sink);
        }
        field.WriteUnsigned(sink);
        sink.Finish(digest);

        Span<byte> signature = stackalloc byte[Key.SignatureSize];
        var written = Key.SignDigest(digest, signature);
        return field.Complete(Convert.ToBase64String(signature[..written]));
    }

    /// <summary>The signature header field followed by the original message bytes.</summary>
    public byte[] SignAndPrepend(ReadOnlySpan<byte> message, DateTimeOffset now)
    {
        var header = Encoding.ASCII.GetBytes(Sign(message, now));
        var result = new byte[header.Length + message.Length];
        header.CopyTo(result, 0);
        message.CopyTo(result.AsSpan(header.Length));
        return result;
    }

    /// <summary>
    /// The <c>h=</c> list in order, and the fields it selects: RFC 6376 5.4.2, each name takes the
    /// last instance not taken yet. A name appears once per instance present, plus once more
    /// with over-signing (an absent name is then listed once, so none can be added).
    /// </summary>
    private List<string> SignedNames(ReadOnlySpan<byte> message, HeaderSection section, List<HeaderField> signed)
    {
        var names = new List<string>(Options.Headers.Count + 4);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in Options.Headers)
        {
            if (!seen.Add(name))
            {
                continue;
            }
            var present = 0;
            for (var i = section.Fields.Count - 1; i >= 0; i--)
            {
                if (HeaderSection.NameEquals(message, section.Fields[i], name))
                {
                    names.Add(name);
                    signed.Add(section.Fields[i]);
                    present++;
                }
            }
            // h= must name From (RFC 6376 5.4), even when the message has none.
            if (Options.OverSign || (present == 0 && string.Equals(name, "From", StringComparison.OrdinalIgnoreCase)))
            {
                names.Add(name);
            }
        }
        return names;
    }
}
