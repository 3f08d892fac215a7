using System.Globalization;
using System.Text;
using Akka.Mta.Dkim;
using Akka.Mta.Testing.Dkim;
using Akka.Mta.Testing.Dns;
using Akka.Mta.Testing.Postfix;
using Akka.Mta.Testing.SmtpServer;

namespace Akka.Mta.IntegrationTests;

/// <summary>
/// <c>akka-mta serve</c> with a signing policy: mail in over SMTP (swaks), out to postfix's
/// smtp-sink, which keeps what arrived; dkimpy verifies each message against keys in a test unbound.
/// </summary>
public sealed class DkimEndToEndTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "akka-mta-it-dkim-" + Guid.NewGuid().ToString("N"));
    private readonly DkimTestKeys _keys = DkimTestKeys.Create();

    [Fact]
    public async Task MessageReceivedOverSmtp_ArrivesAtTheSinkSigned_AndVerifies()
    {
        await using var sink = await SmtpSinkProcess.StartAsync(new SmtpSinkOptions { DumpMessages = true });
        var policyDir = Path.Combine(_root, "policy");
        Directory.CreateDirectory(policyDir);
        File.Copy(_keys.RsaPath, Path.Combine(policyDir, "dkim-rsa.pem"));
        var policy = Path.Combine(policyDir, "init.lua");
        File.WriteAllText(policy, $$"""
            local mta = require 'mta'
            local rsa = mta.dkim.rsa_sha256_signer {
              domain = 'example.test', selector = 'rsa', key = 'dkim-rsa.pem',
              headers = { 'From', 'To', 'Subject', 'Date', 'Message-Id' }, over_sign = true, expiration = '7d',
            }
            local ed = mta.dkim.ed25519_signer {
              domain = 'example.test', selector = 'ed', key = '{{_keys.Ed25519Path}}',
              headers = { 'From', 'To', 'Subject' }, header_canonicalization = 'simple', body_canonicalization = 'simple',
            }
            mta.on('smtp_server_message_received', function(msg)
              msg:dkim_sign(rsa)
              msg:dkim_sign(ed)
            end)
            mta.on('get_queue_config', function() return { protocol = { smtp = { mx_list = { '{{sink.EndPoint}}' } } } } end)
            mta.on('get_egress_path_config', function() return { enable_tls = 'Disabled', prohibited_hosts = { '192.0.2.0/24' } } end)
            """);
        var rsaKey = DkimKeyReader.Read(File.ReadAllBytes(_keys.RsaPath), DkimAlgorithm.RsaSha256);
        var edKey = DkimKeyReader.Read(File.ReadAllBytes(_keys.Ed25519Path), DkimAlgorithm.Ed25519Sha256);
        await using var dns = await UnboundServer.StartAsync(new DnsZone().Zone("example.test")
            .DkimKey("rsa", "example.test", rsaKey.PublicKeyRecord).DkimKey("ed", "example.test", edKey.PublicKeyRecord));
        Environment.SetEnvironmentVariable("AKKAMTA__Dns__Servers", "127.0.0.1:9");
        await using var node = await NodeProcess.StartAsync(Path.Combine(_root, "data"), policy);

        var body = string.Join("\n", Enumerable.Range(1, 200).Select(i => $"line {i} of a message with  some   spacing "));
        var swaks = await PeerProcess.RunAsync("/usr/bin/swaks",
        [
            "--server", node.Smtp.Address.ToString(), "--port", node.Smtp.Port.ToString(CultureInfo.InvariantCulture),
            "--from", "sender@example.test", "--to", "a@example.com,b@example.net",
            "--h-From", "Sender <sender@example.test>", "--h-Subject", "a folded\n subject line", "--body", body,
        ]);
        Assert.True(swaks.ExitCode == 0, swaks.All);

        IReadOnlyList<SinkDump> dumps;
        try
        {
            dumps = await sink.WaitForDumpsAsync(2, TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(e.Message + " node: " + node.Output, e);
        }
        var messages = dumps.Select(d => Encoding.UTF8.GetBytes(d.Message.Replace("\n", "\r\n"))).ToList();
        Assert.All(dumps, d => Assert.StartsWith("DKIM-Signature: v=1; a=ed25519-sha256; c=simple/simple;", d.Message));
        Assert.All(dumps, d => Assert.Contains("\nDKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;", d.Message));
        var results = await PythonDkimVerifier.VerifyAsync(dns.EndPoint, messages);
        Assert.Equal(["ok 2", "ok 2"], results);
    }

    public void Dispose()
    {
        _keys.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
