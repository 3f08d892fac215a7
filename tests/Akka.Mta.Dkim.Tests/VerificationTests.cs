using Akka.Mta.Testing.Dkim;

namespace Akka.Mta.Dkim.Tests;

/// <summary>
/// Signatures checked by two verifiers that share no code with the signer: python3-dkim (dkimpy)
/// and MimeKit's DkimVerifier, both fetching the public key from the test unbound.
/// </summary>
[Collection(VerifierCollection.Name)]
public sealed class VerificationTests(VerifierFixture fixture)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    public static TheoryData<DkimAlgorithm, DkimCanonicalization, DkimCanonicalization> Modes()
    {
        var data = new TheoryData<DkimAlgorithm, DkimCanonicalization, DkimCanonicalization>();
        foreach (var algorithm in new[] { DkimAlgorithm.RsaSha256, DkimAlgorithm.Ed25519Sha256 })
        {
            foreach (var header in new[] { DkimCanonicalization.Relaxed, DkimCanonicalization.Simple })
            {
                foreach (var body in new[] { DkimCanonicalization.Relaxed, DkimCanonicalization.Simple })
                {
                    data.Add(algorithm, header, body);
                }
            }
        }
        return data;
    }

    private static IReadOnlyList<(string Name, byte[] Content)> Corpus() =>
    [
        ("small", TestMessages.Small),
        ("10 KB", TestMessages.WithBody(10 * 1024)),
        ("1 MB", TestMessages.WithBody(1024 * 1024)),
        .. TestMessages.Awkward(),
    ];

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task EveryMessageOfTheCorpus_VerifiesWithPythonDkim(DkimAlgorithm algorithm, DkimCanonicalization header, DkimCanonicalization body)
    {
        var signer = fixture.Signer(algorithm, header, body);
        var corpus = Corpus();
        var signed = corpus.Select(m => signer.SignAndPrepend(m.Content, Now)).ToList();

        var results = await PythonDkimVerifier.VerifyAsync(fixture.Dns.EndPoint, signed);

        var failures = corpus.Zip(results).Where(p => !p.Second.StartsWith("ok", StringComparison.Ordinal)).Select(p => $"{p.First.Name}: {p.Second}").ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task EveryMessageOfTheCorpus_VerifiesWithMimeKit(DkimAlgorithm algorithm, DkimCanonicalization header, DkimCanonicalization body)
    {
        var signer = fixture.Signer(algorithm, header, body);
        var failures = new List<string>();
        foreach (var (name, content) in Corpus().Append(("space before colon", TestMessages.SpaceBeforeColon)))
        {
            if (body == DkimCanonicalization.Simple && name == "multipart with boundary whitespace")
            {
                // MimeKit verifies the body as it re-serializes its parsed MIME tree, which drops the
                // whitespace after the boundaries; simple canonicalization then sees other bytes. dkimpy
                // (above) verifies these bytes as they are.
                continue;
            }
            if (!await fixture.MimeKitVerifiesAsync(signer.SignAndPrepend(content, Now)))
            {
                failures.Add(name);
            }
        }
        Assert.True(failures.Count == 0, "MimeKit refused: " + string.Join(", ", failures));
    }

    [Fact]
    public async Task AChangedHeaderOrBody_FailsBothVerifiers()
    {
        var signer = fixture.Signer(DkimAlgorithm.RsaSha256, DkimCanonicalization.Relaxed, DkimCanonicalization.Relaxed);
        var signed = signer.SignAndPrepend(TestMessages.WithBody(10 * 1024), Now);
        var text = System.Text.Encoding.ASCII.GetString(signed);
        var changedSubject = TestMessages.Ascii(text.Replace("Subject: a test message", "Subject: a tost message"));
        var changedBody = TestMessages.Ascii(text.Replace("Line 000100 of", "Line 000101 of"));
        var addedTo = TestMessages.Ascii(text.Replace("To: rcpt@example.net\r\n", "To: rcpt@example.net\r\nTo: extra@example.net\r\n"));

        var results = await PythonDkimVerifier.VerifyAsync(fixture.Dns.EndPoint, [signed, changedSubject, changedBody, addedTo]);

        Assert.StartsWith("ok", results[0]);
        Assert.All(results.Skip(1), r => Assert.StartsWith("fail", r));
        Assert.True(await fixture.MimeKitVerifiesAsync(signed));
        Assert.False(await fixture.MimeKitVerifiesAsync(changedSubject));
        Assert.False(await fixture.MimeKitVerifiesAsync(changedBody));
        Assert.False(await fixture.MimeKitVerifiesAsync(addedTo), "over-signing must make an added To header break the signature");
    }

    [Fact]
    public async Task TwoSignatures_RsaAndEd25519_BothVerify()
    {
        var message = TestMessages.WithBody(10 * 1024);
        var once = fixture.Signer(DkimAlgorithm.Ed25519Sha256, DkimCanonicalization.Relaxed, DkimCanonicalization.Relaxed).SignAndPrepend(message, Now);
        var twice = fixture.Signer(DkimAlgorithm.RsaSha256, DkimCanonicalization.Relaxed, DkimCanonicalization.Simple).SignAndPrepend(once, Now);

        var results = await PythonDkimVerifier.VerifyAsync(fixture.Dns.EndPoint, [twice]);

        Assert.Equal("ok 2", results[0]);
        Assert.True(await fixture.MimeKitVerifiesAsync(twice, 0));
        Assert.True(await fixture.MimeKitVerifiesAsync(twice, 1));
    }
}
