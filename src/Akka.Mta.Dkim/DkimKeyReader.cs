using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text;

namespace Akka.Mta.Dkim;

/// <summary>
/// Reads a private key for a signer of a given algorithm: PEM (<c>RSA PRIVATE KEY</c>, PKCS#1;
/// <c>PRIVATE KEY</c>, PKCS#8) or PKCS#8 DER. A key of the other algorithm, a public key, an
/// encrypted key or text that is no key at all is a <see cref="DkimException"/> saying which.
/// </summary>
public static class DkimKeyReader
{
    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string Ed25519Oid = "1.3.101.112";

    /// <summary>Reads key file content (PEM text or DER bytes).</summary>
    public static DkimSigningKey Read(ReadOnlySpan<byte> content, DkimAlgorithm expected)
    {
        var text = TrimmedStart(content);
        if (text.StartsWith("-----"u8) || content.IndexOf("-----BEGIN"u8) >= 0)
        {
            return ReadPem(Encoding.ASCII.GetString(content), expected);
        }
        if (text.Length > 0 && text[0] == 0x30)
        {
            return ReadPkcs8(content.ToArray(), expected, "the DER data");
        }
        throw new DkimException("no private key found: expected PEM (-----BEGIN PRIVATE KEY-----) or PKCS#8 DER");
    }

    /// <summary>Reads the first PEM block of <paramref name="pem"/>.</summary>
    public static DkimSigningKey ReadPem(string pem, DkimAlgorithm expected)
    {
        if (!PemEncoding.TryFind(pem, out var fields))
        {
            throw new DkimException("malformed PEM: no complete -----BEGIN ...----- / -----END ...----- block with base64 between");
        }
        var label = pem[fields.Label];
        byte[] der;
        try
        {
            der = Convert.FromBase64String(pem[fields.Base64Data]);
        }
        catch (FormatException)
        {
            throw new DkimException($"malformed PEM: the {label} block is not valid base64");
        }
        return label switch
        {
            "RSA PRIVATE KEY" => expected == DkimAlgorithm.RsaSha256
                ? Rsa(rsa => rsa.ImportRSAPrivateKey(der, out _), "the RSA PRIVATE KEY block")
                : throw Mismatch("an RSA key", expected),
            "PRIVATE KEY" => ReadPkcs8(der, expected, "the PRIVATE KEY block"),
            "ENCRYPTED PRIVATE KEY" => throw new DkimException("the key is encrypted; store it decrypted (openssl pkey -in key.pem -out plain.pem) and protect the file instead"),
            "PUBLIC KEY" or "RSA PUBLIC KEY" => throw new DkimException($"this is a public key ({label}); the signer needs the private key"),
            "EC PRIVATE KEY" => throw Mismatch("an EC key", expected),
            "OPENSSH PRIVATE KEY" => throw new DkimException("an OpenSSH key; convert it to PKCS#8 PEM (ssh-keygen -p -m PKCS8 -f key)"),
            _ => throw new DkimException($"the PEM block is \"{label}\", not a private key (expected PRIVATE KEY or RSA PRIVATE KEY)"),
        };
    }

    private static DkimSigningKey ReadPkcs8(byte[] der, DkimAlgorithm expected, string what)
    {
        string oid;
        byte[] privateKey;
        try
        {
            var info = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
            info.ReadInteger();
            var algorithm = info.ReadSequence();
            oid = algorithm.ReadObjectIdentifier();
            privateKey = info.ReadOctetString();
        }
        catch (AsnContentException e)
        {
            throw new DkimException($"{what} is not a PKCS#8 private key: {e.Message}");
        }
        switch (oid)
        {
            case RsaOid when expected == DkimAlgorithm.RsaSha256:
                return Rsa(rsa => rsa.ImportPkcs8PrivateKey(der, out _), what);
            case RsaOid:
                throw Mismatch("an RSA key", expected);
            case Ed25519Oid when expected == DkimAlgorithm.Ed25519Sha256:
                try
                {
                    // CurvePrivateKey ::= OCTET STRING (RFC 8410), inside PrivateKeyInfo's privateKey.
                    return new Ed25519DkimKey(new AsnReader(privateKey, AsnEncodingRules.DER).ReadOctetString());
                }
                catch (AsnContentException e)
                {
                    throw new DkimException($"{what}: the Ed25519 private key is malformed: {e.Message}");
                }
            case Ed25519Oid:
                throw Mismatch("an Ed25519 key", expected);
            default:
                throw new DkimException($"{what} holds a key of algorithm {oid}, neither RSA nor Ed25519");
        }
    }

    private static RsaDkimKey Rsa(Action<RSA> import, string what)
    {
        var rsa = RSA.Create();
        try
        {
            import(rsa);
            return new RsaDkimKey(rsa);
        }
        catch (CryptographicException e)
        {
            rsa.Dispose();
            throw new DkimException($"{what} is not a readable RSA private key: {e.Message}");
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }

    private static DkimException Mismatch(string found, DkimAlgorithm expected) =>
        new($"the key is {found}, but this signer is {expected.Format()} and needs {(expected == DkimAlgorithm.RsaSha256 ? "an RSA" : "an Ed25519")} key");

    private static ReadOnlySpan<byte> TrimmedStart(ReadOnlySpan<byte> content)
    {
        var start = content.IndexOfAnyExcept(" \t\r\n"u8);
        return start < 0 ? [] : content[start..];
    }
}
