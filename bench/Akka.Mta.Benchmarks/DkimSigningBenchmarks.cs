using System.Security.Cryptography;
using System.Text;
using Akka.Mta.Dkim;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math.EC.Rfc8032;
using Org.BouncyCastle.Security;

namespace Akka.Mta.Benchmarks;

/// <summary>
/// One DKIM signature per call on one thread: parse the header section, canonicalize and hash the
/// body and the signed headers, sign, format the field. The baselines are the bare primitives on
/// the same keys in the same run: .NET's <c>RSA.SignHash</c> of a SHA-256 digest (2048-bit) and
/// BouncyCastle's Ed25519 sign of 32 bytes. Message: 7 headers, a 10 KB (or 1 MB) text body.
/// Run: dotnet run -c Release --project bench/Akka.Mta.Benchmarks -- --filter '*DkimSigning*'
/// </summary>
[Config(typeof(DkimBenchConfig))]
public class DkimSigningBenchmarks
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly byte[] _digest = SHA256.HashData("digest"u8);
    private readonly byte[] _signature = new byte[256];
    private RSA _rsa = null!;
    private Ed25519PrivateKeyParameters _ed = null!;
    private byte[] _message10K = [];
    private byte[] _message1M = [];
    private DkimSigner _rsaRelaxed = null!;
    private DkimSigner _rsaSimple = null!;
    private DkimSigner _edRelaxed = null!;

    [GlobalSetup]
    public void Setup()
    {
        _rsa = RSA.Create(2048);
        _ed = new Ed25519PrivateKeyParameters(new SecureRandom());
        _message10K = Message(10 * 1024);
        _message1M = Message(1024 * 1024);
        _rsaRelaxed = Signer(new RsaDkimKey(_rsa), DkimCanonicalization.Relaxed);
        _rsaSimple = Signer(new RsaDkimKey(_rsa), DkimCanonicalization.Simple);
        _edRelaxed = Signer(new Ed25519DkimKey(_ed.GetEncoded()), DkimCanonicalization.Relaxed);
    }

    [Benchmark(Baseline = true, Description = "bare RSA.SignHash 2048")]
    public int BareRsaSignHash() =>
        _rsa.TrySignHash(_digest, _signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1, out var written) ? written : 0;

    [Benchmark(Description = "rsa-sha256 10 KB relaxed/relaxed")]
    public string Rsa10KRelaxed() => _rsaRelaxed.Sign(_message10K, Now);

    [Benchmark(Description = "rsa-sha256 10 KB simple/simple")]
    public string Rsa10KSimple() => _rsaSimple.Sign(_message10K, Now);

    [Benchmark(Description = "rsa-sha256 1 MB relaxed/relaxed")]
    public string Rsa1MRelaxed() => _rsaRelaxed.Sign(_message1M, Now);

    [Benchmark(Description = "bare Ed25519 sign (BouncyCastle)")]
    public byte[] BareEd25519()
    {
        var output = new byte[Ed25519.SignatureSize];
        _ed.Sign(Ed25519.Algorithm.Ed25519, null, _digest, 0, _digest.Length, output, 0);
        return output;
    }

    [Benchmark(Description = "ed25519-sha256 10 KB relaxed/relaxed")]
    public string Ed10KRelaxed() => _edRelaxed.Sign(_message10K, Now);

    [GlobalCleanup]
    public void Cleanup() => _rsa.Dispose();

    private static DkimSigner Signer(DkimSigningKey key, DkimCanonicalization mode) =>
        new(new DkimSignerOptions
        {
            Domain = "example.org",
            Selector = "bench",
            Headers = ["From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type"],
            HeaderCanonicalization = mode,
            BodyCanonicalization = mode,
            OverSign = true,
        }, key);

    private static byte[] Message(int bodyBytes)
    {
        var text = new StringBuilder(
            "From: Sender <sender@example.org>\r\nTo: rcpt@example.com\r\nSubject: benchmark message\r\n" +
            "Date: Mon, 07 Dec 2026 10:00:00 +0000\r\nMessage-ID: <1@example.org>\r\nMIME-Version: 1.0\r\n" +
            "Content-Type: text/plain; charset=utf-8\r\n\r\n");
        var start = text.Length;
        for (var line = 1; text.Length - start < bodyBytes; line++)
        {
            text.Append(line % 7 == 0 ? "an indented  line with   some\twhitespace runs  " : $"Line {line:D6} of the benchmark body, plain text up to the size asked.").Append("\r\n");
        }
        return Encoding.ASCII.GetBytes(text.ToString());
    }
}

/// <summary>An in-process job (a separate benchmark build times out on the shared machine), 10 iterations.</summary>
internal sealed class DkimBenchConfig : ManualConfig
{
    public DkimBenchConfig()
    {
        AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithStrategy(RunStrategy.Throughput)
            .WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10).WithId("DkimShort"));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
