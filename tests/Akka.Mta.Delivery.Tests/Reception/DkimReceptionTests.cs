using System.Net;
using System.Text;
using Akka.Mta.Delivery.Reception;
using Akka.Mta.Dkim;
using Akka.Mta.Smtp.Server;
using Akka.Mta.Testing.Dkim;
using Akka.Mta.Testing.Dns;
using Akka.Mta.Testing.SmtpServer;
using Microsoft.Extensions.Logging.Abstractions;

namespace Akka.Mta.Delivery.Tests.Reception;

/// <summary>
/// <c>msg:dkim_sign</c> on the real reception paths (swaks to the SMTP server, and HTTP injection):
/// the stored message is the signature field followed by exactly the bytes it would have had
/// unsigned, and dkimpy verifies it with the key served by unbound.
/// </summary>
public sealed class DkimReceptionTests : IAsyncLifetime
{
    private const string Swaks = "/usr/bin/swaks";
    private readonly DkimTestKeys _keys = DkimTestKeys.Create();
    private readonly RecordingSubmitter _submitter = new();
    private PolicyDirectory _policy = null!;
    private SmtpServerHost _server = null!;
    private UnboundServer _dns = null!;

    public async Task InitializeAsync()
    {
        _policy = new PolicyDirectory($$"""
            local mta = require 'mta'
            local signer = mta.dkim.rsa_sha256_signer {
              domain = 'example.test', selector = 'mta', key = '{{_keys.RsaPath}}',
              headers = { 'From', 'To', 'Subject', 'Date', 'Message-Id', 'X-Injected' }, over_sign = true,
            }
            mta.on('smtp_server_message_received', function(msg)
              if msg:recipient():match('^signed@') then msg:dkim_sign(signer) end
            end)
            mta.on('http_message_generated', function(msg)
              msg:append_header('X-Injected', 'yes')
              msg:dkim_sign(signer)
            end)
            """);
        var services = new SmtpServerServices(new SmtpReceptionSink(_submitter, _policy.Host, TimeProvider.System, NullLogger<SmtpReceptionSink>.Instance))
        {
            Policy = new SmtpPolicyAdapter(_policy.Host, NullLogger<SmtpPolicyAdapter>.Instance),
        };
        _server = await SmtpServerHost.StartAsync(new SmtpServerOptions { HostName = "mta.test" }, services, [new IPEndPoint(IPAddress.Loopback, 0)]);
        var key = DkimKeyReader.Read(File.ReadAllBytes(_keys.RsaPath), DkimAlgorithm.RsaSha256);
        _dns = await UnboundServer.StartAsync(new DnsZone().Zone("example.test").DkimKey("mta", "example.test", key.PublicKeyRecord));
    }

    [Fact]
    public async Task SmtpMessage_SignedCopy_IsTheSignatureFollowedByTheUnsignedCopysBytes_AndVerifies()
    {
        var run = await PeerProcess.RunAsync(Swaks, ["--server", _server.Endpoints[0].Address.ToString(), "--port", _server.Endpoints[0].Port.ToString(),
            "--from", "sender@example.test", "--to", "plain@example.net,signed@example.net", "--h-From", "Sender <sender@example.test>",
            "--body", "first line\nsecond  line \n\n"]);

        Assert.True(run.ExitCode == 0, run.All);
        var plain = _submitter.Submitted.Single(m => m.Recipient == "plain@example.net").Body.ToArray();
        var signed = _submitter.Submitted.Single(m => m.Recipient == "signed@example.net").Body.ToArray();
        var field = SignatureField(signed);
        Assert.StartsWith("DKIM-Signature: v=1; a=rsa-sha256;", field);
        Assert.True(signed.AsSpan(field.Length).SequenceEqual(plain), "after the signature field the signed copy must be byte for byte the unsigned one");
        var verdict = await PythonDkimVerifier.VerifyAsync(_dns.EndPoint, [signed]);
        Assert.True(verdict[0] == "ok 1", verdict[0] + "\n" + Encoding.ASCII.GetString(signed));
    }

    [Fact]
    public async Task InjectedMessage_SignatureCoversTheHeaderThePolicyAppended()
    {
        var request = InjectRequest.Parse("""
            {"envelope_sender": "bounce@example.test", "recipients": [{"email": "ann@example.net"}],
             "content": "From: news@example.test\nSubject: hello\n\nDear reader\n"}
            """);

        var result = await new HttpInjector(_submitter, _policy.Host, TimeProvider.System, "mta.test", NullLogger<HttpInjector>.Instance)
            .InjectAsync(request, "127.0.0.1", CancellationToken.None);

        Assert.Equal(1, result.SuccessCount);
        var body = _submitter.Submitted[0].Body.ToArray();
        var field = SignatureField(body);
        Assert.Equal("From: news@example.test\r\nSubject: hello\r\nX-Injected: yes\r\n\r\nDear reader\r\n", Encoding.ASCII.GetString(body, field.Length, body.Length - field.Length));
        Assert.Contains("X-Injected:X-Injected", field.Replace("\r\n\t", ""));
        Assert.Equal(["ok 1"], await PythonDkimVerifier.VerifyAsync(_dns.EndPoint, [body]));
    }

    /// <summary>The first header field with its continuation lines and final CRLF.</summary>
    private static string SignatureField(byte[] message)
    {
        var text = Encoding.ASCII.GetString(message);
        var end = 0;
        do
        {
            end = text.IndexOf("\r\n", end, StringComparison.Ordinal) + 2;
        }
        while (text[end] is ' ' or '\t');
        return text[..end];
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _dns.DisposeAsync();
        _policy.Dispose();
        _keys.Dispose();
    }
}
