using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Akka.Mta.Dkim;

/// <summary>
/// A private key that signs the SHA-256 digest of the canonicalized header data. Both kinds are
/// safe to use from several threads at once.
/// </summary>
public abstract class DkimSigningKey
{
    private protected DkimSigningKey()
    {
    }

    public abstract DkimAlgorithm Algorithm { get; }

    /// <summary>For people: "RSA 2048-bit", "Ed25519".</summary>
    public abstract string Description { get; }

    /// <summary>Bytes of one signature.</summary>
    public abstract int SignatureSize { get; }

    /// <summary>The DNS TXT record that publishes the public key (<c>v=DKIM1; k=...; p=...</c>).</summary>
    public abstract string PublicKeyRecord { get; }

    /// <summary>Signs a SHA-256 digest; returns the bytes written to <paramref name="signature"/>.</summary>
    public abstract int SignDigest(ReadOnlySpan<byte> digest, Span<byte> signature);
}

/// <summary>RSASSA-PKCS1-v1_5 with SHA-256 through .NET's <see cref="RSA"/> (OpenSSL on Linux).</summary>
public sealed class RsaDkimKey : DkimSigningKey
{
    /// <summary>RFC 8301 3.2: signers must use keys of at least 1024 bits.</summary>
    public const int MinimumBits = 1024;

    private readonly RSA _rsa;

    public RsaDkimKey(RSA rsa)
    {
        if (rsa.KeySize < MinimumBits)
        {
            throw new DkimException($"the RSA key has {rsa.KeySize} bits; DKIM signers must use at least {MinimumBits} (RFC 8301), 2048 is usual");
        }
        _rsa = rsa;
        PublicKeyRecord = "v=DKIM1; k=rsa; p=" + Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo());
    }

    public override DkimAlgorithm Algorithm => DkimAlgorithm.RsaSha256;

    public override string Description => $"RSA {_rsa.KeySize}-bit";

    public override int SignatureSize => (_rsa.KeySize + 7) / 8;

    public override string PublicKeyRecord { get; }

    public override int SignDigest(ReadOnlySpan<byte> digest, Span<byte> signature) =>
        _rsa.TrySignHash(digest, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1, out var written)
            ? written
            : throw new CryptographicException("RSA signature buffer too small");
}

/// <summary>
/// Ed25519 (RFC 8032 PureEdDSA) over the SHA-256 digest, as RFC 8463 specifies. .NET has no
/// Ed25519, so the primitive is BouncyCastle's (stateless, thread-safe).
/// </summary>
public sealed class Ed25519DkimKey : DkimSigningKey
{
    private readonly Ed25519PrivateKeyParameters _key;

    /// <summary>From the 32-byte private key seed.</summary>
    public Ed25519DkimKey(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != Ed25519PrivateKeyParameters.KeySize)
        {
            throw new DkimException($"an Ed25519 private key is {Ed25519PrivateKeyParameters.KeySize} bytes, this one is {seed.Length}");
        }
        _key = new Ed25519PrivateKeyParameters(seed);
        PublicKeyRecord = "v=DKIM1; k=ed25519; p=" + Convert.ToBase64String(_key.GeneratePublicKey().GetEncoded());
    }

    public override DkimAlgorithm Algorithm => DkimAlgorithm.Ed25519Sha256;

    public override string Description => "Ed25519";

    public override int SignatureSize => Ed25519.SignatureSize;

    public override string PublicKeyRecord { get; }

    public override int SignDigest(ReadOnlySpan<byte> digest, Span<byte> signature)
    {
        var output = new byte[Ed25519.SignatureSize];
        _key.Sign(Ed25519.Algorithm.Ed25519, null, digest.ToArray(), 0, digest.Length, output, 0);
        output.CopyTo(signature);
        return output.Length;
    }
}
