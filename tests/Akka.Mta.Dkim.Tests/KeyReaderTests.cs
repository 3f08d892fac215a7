using System.Security.Cryptography;
using System.Text;
using Akka.Mta.Testing.Dkim;

namespace Akka.Mta.Dkim.Tests;

/// <summary>Keys as operators store them, and the mistakes they make with them.</summary>
public sealed class KeyReaderTests : IDisposable
{
    private readonly DkimTestKeys _keys = DkimTestKeys.Create();

    [Fact]
    public void OpensslKeys_AreRead_AsPkcs8PemAndDer()
    {
        var rsa = DkimKeyReader.Read(File.ReadAllBytes(_keys.RsaPath), DkimAlgorithm.RsaSha256);
        var ed = DkimKeyReader.Read(File.ReadAllBytes(_keys.Ed25519Path), DkimAlgorithm.Ed25519Sha256);

        Assert.Equal("RSA 2048-bit", rsa.Description);
        Assert.StartsWith("v=DKIM1; k=rsa; p=MII", rsa.PublicKeyRecord);
        Assert.Equal("Ed25519", ed.Description);
        Assert.Equal(44, ed.PublicKeyRecord["v=DKIM1; k=ed25519; p=".Length..].Length); // 32 bytes, base64

        var der = Pem(File.ReadAllText(_keys.Ed25519Path));
        Assert.Equal(ed.PublicKeyRecord, DkimKeyReader.Read(der, DkimAlgorithm.Ed25519Sha256).PublicKeyRecord);
    }

    [Fact]
    public void Pkcs1RsaPem_IsRead()
    {
        using var rsa = RSA.Create(2048);
        var key = DkimKeyReader.Read(Encoding.ASCII.GetBytes(rsa.ExportRSAPrivateKeyPem()), DkimAlgorithm.RsaSha256);
        Assert.Equal("v=DKIM1; k=rsa; p=" + Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo()), key.PublicKeyRecord);
    }

    [Fact]
    public void AnEd25519Key_ForAnRsaSigner_SaysWhichKeyItIs()
    {
        var e = Assert.Throws<DkimException>(() => DkimKeyReader.Read(File.ReadAllBytes(_keys.Ed25519Path), DkimAlgorithm.RsaSha256));
        Assert.Equal("the key is an Ed25519 key, but this signer is rsa-sha256 and needs an RSA key", e.Message);
    }

    [Fact]
    public void AnRsaKey_ForAnEd25519Signer_SaysWhichKeyItIs()
    {
        var e = Assert.Throws<DkimException>(() => DkimKeyReader.Read(File.ReadAllBytes(_keys.RsaPath), DkimAlgorithm.Ed25519Sha256));
        Assert.Equal("the key is an RSA key, but this signer is ed25519-sha256 and needs an Ed25519 key", e.Message);
    }

    [Theory]
    [InlineData("not a key at all", "no private key found")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nMIIE\n", "malformed PEM")]
    [InlineData("-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n", "malformed PEM")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "not a PKCS#8 private key")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "\"CERTIFICATE\", not a private key")]
    [InlineData("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n", "encrypted")]
    public void MalformedKeys_AreDkimExceptionsThatSayWhatIsWrong(string text, string expected)
    {
        var e = Assert.Throws<DkimException>(() => DkimKeyReader.Read(Encoding.ASCII.GetBytes(text), DkimAlgorithm.RsaSha256));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void APublicKey_IsRefusedAsNotPrivate()
    {
        using var rsa = RSA.Create(2048);
        var e = Assert.Throws<DkimException>(() => DkimKeyReader.Read(Encoding.ASCII.GetBytes(rsa.ExportSubjectPublicKeyInfoPem()), DkimAlgorithm.RsaSha256));
        Assert.Contains("public key", e.Message);
    }

    [Fact]
    public void ARsaKeyBelow1024Bits_IsRefused()
    {
        using var rsa = RSA.Create(512);
        var e = Assert.Throws<DkimException>(() => DkimKeyReader.Read(Encoding.ASCII.GetBytes(rsa.ExportPkcs8PrivateKeyPem()), DkimAlgorithm.RsaSha256));
        Assert.Contains("512 bits", e.Message);
    }

    private static byte[] Pem(string pem)
    {
        var fields = PemEncoding.Find(pem);
        return Convert.FromBase64String(pem[fields.Base64Data]);
    }

    public void Dispose() => _keys.Dispose();
}
