using System.Text;
using Akka.Mta.Testing.Dkim;
using Akka.Mta.Testing.Dns;
using Microsoft.Extensions.Time.Testing;

namespace Akka.Mta.Policy.Tests;

/// <summary><c>mta.dkim.*_signer{...}</c> and <c>msg:dkim_sign</c>: signing, caching per epoch, and bad keys caught at load.</summary>
public sealed class DkimPolicyTests : IDisposable
{
    private const string Sample = "From: sender@example.test\r\nTo: rcpt@example.net\r\nSubject: policy signing\r\n\r\nbody line\r\n";
    private readonly DkimTestKeys _keys = DkimTestKeys.Create();

    private static InMemoryPolicyMessage Message(string id = "1") => InMemoryPolicyMessage.FromContent(id, "sender@example.test", "rcpt@example.net", Sample);

    private string Policy(string algorithm = "rsa_sha256", string? key = null, string extra = "") => $$"""
        local mta = require 'mta'
        local signer = mta.dkim.{{algorithm}}_signer {
          domain = 'example.test',
          selector = 's1',
          headers = { 'From', 'To', 'Subject' },
          key = '{{key ?? (algorithm == "rsa_sha256" ? _keys.RsaPath : _keys.Ed25519Path)}}',{{extra}}
        }
        mta.on('smtp_server_message_received', function(msg)
          msg:append_header('X-Policy', 'yes')
          msg:dkim_sign(signer)
        end)
        """;

    [Fact]
    public async Task TopLevelSigner_SignsInTheHandler_AndTheSignatureVerifiesWithDkimpy()
    {
        using var dir = new PolicyFixture(Policy(extra: "\n  over_sign = true, header_canonicalization = 'Simple', body_canonicalization = 'relaxed', expiration = '1 day',"));
        using var host = dir.Start();
        var message = Message();

        host.SmtpServerMessageReceived(message);

        var signer = Assert.Single(host.DkimSigners);
        Assert.StartsWith("DKIM-Signature: v=1; a=rsa-sha256; c=simple/relaxed; d=example.test; s=s1;", message.Content);
        var original = Sample.Replace("\r\n\r\n", "\r\nX-Policy: yes\r\n\r\n");
        Assert.EndsWith(original, message.Content);
        Assert.Equal(dir.InitFile, signer.File);
        Assert.Equal(2, signer.Line);

        await using var dns = await UnboundServer.StartAsync(new DnsZone().Zone("example.test").DkimKey("s1", "example.test", signer.Signer.Key.PublicKeyRecord));
        var results = await PythonDkimVerifier.VerifyAsync(dns.EndPoint, [Encoding.UTF8.GetBytes(message.Content)]);
        Assert.Equal("ok 1", results[0]);
    }

    [Fact]
    public void Ed25519Signer_Signs()
    {
        using var dir = new PolicyFixture(Policy("ed25519"));
        using var host = dir.Start();
        var message = Message();

        host.SmtpServerMessageReceived(message);

        Assert.StartsWith("DKIM-Signature: v=1; a=ed25519-sha256;", message.Content);
        Assert.Equal("Ed25519", Assert.Single(host.DkimSigners).Signer.Key.Description);
    }

    [Fact]
    public void SignerBuiltInTheHandler_IsBuiltOncePerEpoch_AndItsKeyFileReadOnce()
    {
        var keyFile = Path.Combine(_keys.Directory, "in-handler.pem");
        File.Copy(_keys.RsaPath, keyFile);
        using var dir = new PolicyFixture($$"""
            local mta = require 'mta'
            mta.on('smtp_server_message_received', function(msg)
              msg:dkim_sign(mta.dkim.rsa_sha256_signer { domain = 'example.test', selector = 's1', headers = { 'From' }, key = '{{keyFile}}' })
            end)
            """);
        using var host = dir.Start(o => o with { MaxStates = 4 });
        host.SmtpServerMessageReceived(Message("first"));

        // Once read, the key file no longer matters to this epoch: a read per message would now fail.
        File.WriteAllText(keyFile, "garbage");
        var messages = Enumerable.Range(0, 40).Select(i => Message(i.ToString())).ToArray();
        Parallel.ForEach(messages, new ParallelOptions { MaxDegreeOfParallelism = 4 }, m => host.SmtpServerMessageReceived(m));

        Assert.All(messages, m => Assert.StartsWith("DKIM-Signature: ", m.Content));
        Assert.Single(host.DkimSigners);
    }

    [Fact]
    public void ChangedExternalKeyFile_IsReadAgainByTheReload()
    {
        var keyFile = Path.Combine(_keys.Directory, "rotating.pem");
        File.Copy(_keys.RsaPath, keyFile);
        using var dir = new PolicyFixture(Policy(key: keyFile));
        using var host = dir.Start();
        var before = Assert.Single(host.DkimSigners).Signer.Key.PublicKeyRecord;
        using var other = DkimTestKeys.Create();

        File.Copy(other.RsaPath, keyFile, overwrite: true);
        var reload = host.Reload();

        Assert.Equal(PolicyReloadOutcome.Reloaded, reload.Outcome);
        Assert.NotEqual(before, Assert.Single(host.DkimSigners).Signer.Key.PublicKeyRecord);
    }

    [Fact]
    public void MissingKeyFile_FailsTheLoad_WithFileAndLine()
    {
        using var dir = new PolicyFixture(Policy(key: "keys/missing.pem"));

        var e = Assert.Throws<PolicyException>(() => dir.Start());

        Assert.Equal(PolicyEvents.Load, e.Error.Event);
        Assert.Equal(dir.InitFile, e.Error.File);
        Assert.Equal(2, e.Error.Line);
        Assert.Equal($"mta.dkim.rsa_sha256_signer: key file {Path.Combine(dir.Directory, "keys", "missing.pem")} does not exist", e.Error.Message);
    }

    [Fact]
    public void KeyOfTheOtherAlgorithm_FailsTheLoad_SayingWhichKeyItIs()
    {
        using var dir = new PolicyFixture(Policy("rsa_sha256", key: _keys.Ed25519Path));

        var e = Assert.Throws<PolicyException>(() => dir.Start());

        Assert.Equal(2, e.Error.Line);
        Assert.Equal($"mta.dkim.rsa_sha256_signer: key file {_keys.Ed25519Path}: the key is an Ed25519 key, but this signer is rsa-sha256 and needs an RSA key", e.Error.Message);
    }

    [Fact]
    public void MalformedInlinePem_FailsTheLoad()
    {
        using var dir = new PolicyFixture(Policy(key: "-----BEGIN PRIVATE KEY-----\\nnot base64!\\n-----END PRIVATE KEY-----"));

        var e = Assert.Throws<PolicyException>(() => dir.Start());

        Assert.Equal(2, e.Error.Line);
        Assert.StartsWith("mta.dkim.rsa_sha256_signer: key inline PEM: malformed PEM", e.Error.Message);
    }

    [Fact]
    public void UnreadableKeyFile_FailsTheLoad()
    {
        // A directory where the key file should be (tests run as root, so a mode of 000 would not stop the read).
        using var dir = new PolicyFixture(Policy(key: "keys"));
        Directory.CreateDirectory(Path.Combine(dir.Directory, "keys"));

        var e = Assert.Throws<PolicyException>(() => dir.Start());

        Assert.Equal(2, e.Error.Line);
        Assert.Equal($"mta.dkim.rsa_sha256_signer: key file {Path.Combine(dir.Directory, "keys")} cannot be read: it is a directory", e.Error.Message);
    }

    [Theory]
    [InlineData("\n  selectr = 'x',", "selectr: unknown option")]
    [InlineData("\n  over_sign = 'yes',", "over_sign: expected true or false")]
    [InlineData("\n  body_canonicalization = 'strict',", "body_canonicalization: expected \"relaxed\" or \"simple\"")]
    [InlineData("\n  atps = 'example.org',", "atps: not supported")]
    [InlineData("\n  expiration = 'soon',", "expiration: expected a duration")]
    public void BadOptions_FailTheLoad_NamingTheOption(string extra, string expected)
    {
        using var dir = new PolicyFixture(Policy(extra: extra));

        var e = Assert.Throws<PolicyException>(() => dir.Start());

        Assert.Equal(2, e.Error.Line);
        Assert.Contains(expected, e.Error.Message);
    }

    [Fact]
    public void DkimSign_WithSomethingElse_IsAnErrorAtItsLine()
    {
        using var dir = new PolicyFixture("""
            local mta = require 'mta'
            mta.on('smtp_server_message_received', function(msg)
              msg:dkim_sign({ domain = 'example.test' })
            end)
            """);
        using var host = dir.Start();

        var e = Assert.Throws<PolicyException>(() => host.SmtpServerMessageReceived(Message()));

        Assert.Equal(3, e.Error.Line);
        Assert.Contains("msg:dkim_sign: expects a signer", e.Error.Message);
    }

    [Fact]
    public void SigningTime_ComesFromTheHostsClock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero));
        using var dir = new PolicyFixture(Policy());
        using var host = dir.Start(o => o with { TimeProvider = clock });
        var message = Message();

        host.SmtpServerMessageReceived(message);

        Assert.Contains($"t={clock.GetUtcNow().ToUnixTimeSeconds()};", message.Content);
    }

    public void Dispose() => _keys.Dispose();
}
