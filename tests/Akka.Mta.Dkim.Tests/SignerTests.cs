using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Akka.Mta.Dkim.Tests;

/// <summary>The signature field a signer writes and what it leaves alone.</summary>
public sealed partial class SignerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private static readonly Lazy<DkimSigningKey> Key = new(() => new RsaDkimKey(RSA.Create(2048)));

    private static DkimSigner Signer(bool overSign = true, TimeSpan? expiration = null, params string[] headers) =>
        new(new DkimSignerOptions
        {
            Domain = "example.test",
            Selector = "s1",
            Headers = headers.Length > 0 ? headers : ["From", "To", "Subject", "Date", "Reply-To"],
            OverSign = overSign,
            Expiration = expiration,
        }, Key.Value);

    [Fact]
    public void SignAndPrepend_ChangesNoByteOfTheMessage()
    {
        foreach (var message in new[] { TestMessages.WithBody(10 * 1024) }.Concat(TestMessages.Awkward().Select(a => a.Content)))
        {
            var signed = Signer().SignAndPrepend(message, Now);
            var header = Signer().Sign(message, Now);

            Assert.Equal(header.Length + message.Length, signed.Length);
            Assert.Equal(header, Encoding.ASCII.GetString(signed, 0, header.Length));
            Assert.True(signed.AsSpan(header.Length).SequenceEqual(message), "the bytes after the signature must be the original message");
        }
    }

    [Fact]
    public void OverSign_ListsEachHeaderOnceMoreThanPresent()
    {
        var message = TestMessages.Ascii("From: a@example.test\r\nTo: b@example.net\r\nTo: c@example.net\r\nSubject: s\r\n\r\nbody\r\n");

        Assert.Equal("From:From:To:To:To:Subject:Subject:Date:Reply-To", Tag(Signer(overSign: true).Sign(message, Now), "h"));
        Assert.Equal("From:To:To:Subject", Tag(Signer(overSign: false).Sign(message, Now), "h"));
    }

    [Fact]
    public void WithoutFrom_HIsStillPresentAndNamesFrom()
    {
        var message = TestMessages.Ascii("Subject: s\r\n\r\nbody\r\n");
        Assert.Equal("From:Subject", Tag(Signer(overSign: false).Sign(message, Now), "h"));
    }

    [Fact]
    public void Tags_SayVersionAlgorithmCanonicalizationDomainSelectorAndTimes()
    {
        var field = Signer(expiration: TimeSpan.FromHours(1)).Sign(TestMessages.Small, Now);

        Assert.StartsWith("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.test; s=s1;", Unfold(field));
        Assert.Equal(Now.ToUnixTimeSeconds().ToString(), Tag(field, "t"));
        Assert.Equal((Now.ToUnixTimeSeconds() + 3600).ToString(), Tag(field, "x"));
        Assert.Null(Tag(Signer().Sign(TestMessages.Small, Now), "x"));
        Assert.Equal(344, Tag(field, "b")!.Length); // 256 bytes of RSA 2048 signature in base64
    }

    [Fact]
    public void Field_IsFoldedIntoLinesOfAtMost78Characters_AndEndsInCrLf()
    {
        var many = Enumerable.Range(1, 40).Select(i => $"X-Header-Number-{i}").Prepend("From").ToArray();
        var field = Signer(true, null, many).Sign(TestMessages.Small, Now);

        Assert.EndsWith("\r\n", field);
        Assert.DoesNotContain('\n', field.Replace("\r\n", string.Empty));
        Assert.All(field.Split("\r\n"), line => Assert.True(line.Length <= 78, $"line of {line.Length}: {line}"));
    }

    [Fact]
    public void RsaPkcs1_IsDeterministic_SoTheSameWireMessageGetsTheSameSignature()
    {
        var crlf = TestMessages.Ascii("From: a@example.test\r\nSubject: s\r\n\r\nline\r\n");
        var lf = TestMessages.Ascii("From: a@example.test\nSubject: s\n\nline\n");

        Assert.Equal(Signer().Sign(crlf, Now), Signer().Sign(lf, Now));
    }

    [Theory]
    [InlineData("", "s1", "domain \"\"")]
    [InlineData("exa mple.test", "s1", "domain")]
    [InlineData("example.test", "bad selector", "selector")]
    public void BadDomainOrSelector_IsRefusedWhenTheSignerIsBuilt(string domain, string selector, string expected)
    {
        var e = Assert.Throws<DkimException>(() => new DkimSigner(new DkimSignerOptions { Domain = domain, Selector = selector, Headers = ["From"] }, Key.Value));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void HeadersWithoutFrom_OrWithABadName_AreRefused()
    {
        Assert.Contains("From must be", Assert.Throws<DkimException>(() => Signer(true, null, "To", "Subject")).Message);
        Assert.Contains("\"Sub ject\"", Assert.Throws<DkimException>(() => Signer(true, null, "From", "Sub ject")).Message);
    }

    [Fact]
    public void AgentUserIdentifier_OutsideTheDomain_IsRefused()
    {
        var options = new DkimSignerOptions { Domain = "example.test", Selector = "s", Headers = ["From"], AgentUserIdentifier = "user@other.test" };
        Assert.Contains("agent_user_identifier", Assert.Throws<DkimException>(() => new DkimSigner(options, Key.Value)).Message);
        Assert.Equal("@mail.example.test", Tag(new DkimSigner(options with { AgentUserIdentifier = "@mail.example.test" }, Key.Value).Sign(TestMessages.Small, Now), "i"));
    }

    [Fact]
    public void ConcurrentSigning_GivesTheSameSignatureAsSequential()
    {
        var messages = Enumerable.Range(0, 64).Select(i => TestMessages.Ascii($"From: a@example.test\r\nSubject: {i}\r\n\r\nbody {i}\r\n")).ToArray();
        var signer = Signer();
        var sequential = messages.Select(m => signer.Sign(m, Now)).ToArray();
        var parallel = new string[messages.Length];

        Parallel.For(0, messages.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => parallel[i] = signer.Sign(messages[i], Now));

        Assert.Equal(sequential, parallel);
    }

    private static string Unfold(string field) => field.Replace("\r\n\t", " ").Replace("\r\n", string.Empty);

    private static string? Tag(string field, string name)
    {
        var value = Unfold(field)[(DkimSigner.FieldName.Length + 1)..];
        foreach (var tag in value.Split(';'))
        {
            var eq = tag.IndexOf('=');
            if (eq > 0 && tag[..eq].Trim() == name)
            {
                return Whitespace().Replace(tag[(eq + 1)..], string.Empty);
            }
        }
        return null;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
