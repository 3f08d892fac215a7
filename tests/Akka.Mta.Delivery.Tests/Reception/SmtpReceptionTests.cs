using System.Net;
using System.Text;
using Akka.Mta.Delivery.Reception;
using Akka.Mta.Smtp.Server;
using Akka.Mta.Testing.SmtpServer;
using Microsoft.Extensions.Logging.Abstractions;

namespace Akka.Mta.Delivery.Tests.Reception;

/// <summary>swaks talks to the real SMTP server with the reception sink and the Lua policy behind it.</summary>
public sealed class SmtpReceptionTests : IAsyncLifetime
{
    private const string Swaks = "/usr/bin/swaks";
    private readonly RecordingSubmitter _submitter = new();
    private readonly PolicyDirectory _policy = new("""
        local mta = require 'mta'
        mta.on('smtp_server_rcpt_to', function(recipient, conn_meta)
          if recipient:match('%.invalid$') then mta.reject(550, '5.1.2 no such domain') end
        end)
        mta.on('smtp_server_message_received', function(msg)
          msg:set_meta('tenant', msg:get_first_named_header_value('X-Tenant'))
          if msg:recipient():match('^quarantine@') then mta.reject(554, '5.7.1 refused by content policy') end
        end)
        """);
    private SmtpServerHost _server = null!;

    public async Task InitializeAsync()
    {
        var services = new SmtpServerServices(new SmtpReceptionSink(_submitter, _policy.Host, TimeProvider.System, NullLogger<SmtpReceptionSink>.Instance))
        {
            Policy = new SmtpPolicyAdapter(_policy.Host, NullLogger<SmtpPolicyAdapter>.Instance),
        };
        _server = await SmtpServerHost.StartAsync(new SmtpServerOptions { HostName = "mta.test" }, services, [new IPEndPoint(IPAddress.Loopback, 0)]);
    }

    private Task<PeerProcess.Result> Send(params string[] extra) =>
        PeerProcess.RunAsync(Swaks, ["--server", _server.Endpoints[0].Address.ToString(), "--port", _server.Endpoints[0].Port.ToString(),
            "--from", "sender@example.com", "--header", "X-Tenant: acme", .. extra]);

    [Fact]
    public async Task EachRecipient_BecomesOneStoredMessage_WithMetaFromThePolicy()
    {
        var run = await Send("--to", "a@example.net,b@example.org");

        Assert.True(run.ExitCode == 0, run.All);
        Assert.Equal(["a@example.net", "b@example.org"], _submitter.Submitted.Select(m => m.Recipient));
        Assert.All(_submitter.Submitted, m => Assert.Equal("acme", m.Meta["tenant"]!.GetValue<string>()));
        Assert.All(_submitter.Submitted, m => Assert.Equal("sender@example.com", m.Sender));
        Assert.StartsWith("Received: from ", Encoding.UTF8.GetString(_submitter.Submitted[0].Body.Span));
    }

    [Fact]
    public async Task RcptHook_RejectsThatRecipientOnly()
    {
        var run = await Send("--to", "a@example.net,x@bad.invalid");

        Assert.Contains("550 5.1.2 no such domain", run.All);
        Assert.Equal(["a@example.net"], _submitter.Submitted.Select(m => m.Recipient));
    }

    [Fact]
    public async Task MessageHookRejection_RefusesTheTransaction_AndStoresNothing()
    {
        var run = await Send("--to", "quarantine@example.net");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("554 5.7.1 refused by content policy", run.All);
        Assert.Empty(_submitter.Submitted);
    }

    [Fact]
    public async Task SpoolFailure_Answers451_SoTheClientRetries()
    {
        _submitter.FailWith = new IOException("disk full");
        var run = await Send("--to", "a@example.net");

        Assert.Contains("451 4.3.0", run.All);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _policy.Dispose();
    }
}
