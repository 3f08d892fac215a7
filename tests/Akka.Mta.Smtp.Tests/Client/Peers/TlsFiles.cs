using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Akka.Mta.Smtp.Tests.Client.Peers;

/// <summary>A self-signed certificate and its key as PEM files, made for one test run.</summary>
internal sealed class TlsFiles : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("akka-mta-tls-").FullName;

    public TlsFiles(string hostName)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={hostName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(hostName);
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        CertificatePath = Path.Combine(_directory, "cert.pem");
        KeyPath = Path.Combine(_directory, "key.pem");
        File.WriteAllText(CertificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(KeyPath, key.ExportPkcs8PrivateKeyPem());
    }

    public string CertificatePath { get; }

    public string KeyPath { get; }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
