using Akka.Mta.Dns;
using Akka.Mta.Dns.Protocol;
using Akka.Mta.Testing.Dkim;
using Akka.Mta.Testing.Dns;
using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;

namespace Akka.Mta.Dkim.Tests;

/// <summary>
/// Keys made by openssl, their public halves published in a local unbound zone, and signers for
/// them; the verifiers fetch keys from that DNS server.
/// </summary>
public sealed class VerifierFixture : IAsyncLifetime
{
    public const string Domain = "example.test";
    public const string RsaSelector = "rsa2026";
    public const string Ed25519Selector = "ed2026";

    public DkimTestKeys Keys { get; } = DkimTestKeys.Create();

    public UnboundServer Dns { get; private set; } = null!;

    public DkimSigningKey Rsa { get; private set; } = null!;

    public DkimSigningKey Ed25519 { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Rsa = DkimKeyReader.Read(File.ReadAllBytes(Keys.RsaPath), DkimAlgorithm.RsaSha256);
        Ed25519 = DkimKeyReader.Read(File.ReadAllBytes(Keys.Ed25519Path), DkimAlgorithm.Ed25519Sha256);
        Dns = await UnboundServer.StartAsync(new DnsZone()
            .Zone(Domain)
            .DkimKey(RsaSelector, Domain, Rsa.PublicKeyRecord)
            .DkimKey(Ed25519Selector, Domain, Ed25519.PublicKeyRecord));
    }

    public DkimSigner Signer(DkimAlgorithm algorithm, DkimCanonicalization header, DkimCanonicalization body, bool overSign = true) =>
        new(new DkimSignerOptions
        {
            Domain = Domain,
            Selector = algorithm == DkimAlgorithm.RsaSha256 ? RsaSelector : Ed25519Selector,
            Headers = ["From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type"],
            HeaderCanonicalization = header,
            BodyCanonicalization = body,
            OverSign = overSign,
            Expiration = TimeSpan.FromDays(7),
        }, algorithm == DkimAlgorithm.RsaSha256 ? Rsa : Ed25519);

    /// <summary>MimeKit's verdict on the signature at <paramref name="index"/> of the message.</summary>
    public async Task<bool> MimeKitVerifiesAsync(byte[] message, int index = 0)
    {
        var parsed = await MimeMessage.LoadAsync(new MemoryStream(message));
        var signatures = parsed.Headers.Where(h => h.Id == HeaderId.DkimSignature).ToList();
        var verifier = new DkimVerifier(new DnsKeyLocator(Dns.EndPoint));
        verifier.Enable(DkimSignatureAlgorithm.Ed25519Sha256);
        return await verifier.VerifyAsync(parsed, signatures[index]);
    }

    public async Task DisposeAsync()
    {
        await Dns.DisposeAsync();
        Keys.Dispose();
    }

    /// <summary>MimeKit's key locator over the project's resolver, pointed at the test unbound.</summary>
    private sealed class DnsKeyLocator(System.Net.IPEndPoint server) : DkimPublicKeyLocatorBase
    {
        private readonly DnsResolver _resolver = new(DnsResolverOptions.ForServers(server));

        public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            LocatePublicKeyAsync(methods, domain, selector, cancellationToken).GetAwaiter().GetResult();

        public override async Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default)
        {
            var result = await _resolver.LookupAsync($"{selector}._domainkey.{domain}", DnsRecordType.TXT, cancellationToken);
            var txt = result.Records.Select(r => r.Data).OfType<TxtData>().FirstOrDefault()
                ?? throw new InvalidOperationException($"no TXT record for {selector}._domainkey.{domain}: {result.Status}");
            return GetPublicKey(txt.Text);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class VerifierCollection : ICollectionFixture<VerifierFixture>
{
    public const string Name = "dkim verifiers";
}
