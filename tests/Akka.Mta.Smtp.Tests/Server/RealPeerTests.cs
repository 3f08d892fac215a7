using System.Net;
using System.Text;
using Akka.Mta.Smtp.Server;
using Akka.Mta.Testing.SmtpServer;

namespace Akka.Mta.Smtp.Tests.Server;

/// <summary>
/// The server on a real loopback socket, with real clients: swaks and Python's smtplib
/// (/usr/bin/python3). Plain, STARTTLS, AUTH and pipelining; BDAT is covered by the socket
/// transcript below since neither peer speaks CHUNKING.
/// </summary>
public sealed class RealPeerTests : IAsyncLifetime
{
    private readonly RecordingSink _sink = new();
    private SmtpServerHost _host = null!;

    private IPEndPoint Endpoint => _host.Endpoints[0];

    public async Task InitializeAsync()
    {
        var options = new SmtpServerOptions
        {
            HostName = "mx.test",
            Relay = new RelayOptions { LocalDomains = ["example.com"], RelayNetworks = [] },
        };
        var services = new SmtpServerServices(_sink) { Authenticator = new InMemoryAuthenticator(new Dictionary<string, string> { ["alice"] = "s3cret" }) };
        _host = await SmtpServerHost.StartAsync(options, services, [new IPEndPoint(IPAddress.Loopback, 0)]);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<PeerProcess.Result> SwaksAsync(params string[] arguments) =>
        PeerProcess.RunAsync("/usr/bin/swaks", ["--server", "127.0.0.1", "--port", Endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--helo", "peer.example", .. arguments]);

    [Fact]
    public async Task Swaks_Plain_DeliversAMessage()
    {
        var result = await SwaksAsync("--from", "s@example.org", "--to", "rcpt@example.com", "--body", "hello from swaks");
        Assert.True(result.ExitCode == 0, result.All);
        var stored = _sink.Single();
        Assert.Contains("\r\n\r\nhello from swaks\r\n", stored.Text);
        Assert.Equal("peer.example", stored.Message.Session.HeloName);
        Assert.Null(stored.Message.Session.Tls);
    }

    [Fact]
    public async Task Swaks_StartTlsAuthAndPipelining_RelaysAsTheAuthenticatedUser()
    {
        var result = await SwaksAsync("--tls", "--pipeline", "--auth", "PLAIN", "--auth-user", "alice", "--auth-password", "s3cret",
            "--from", "s@example.org", "--to", "a@foreign.example,b@example.com");
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("250-PIPELINING", result.Output);
        var stored = _sink.Single();
        Assert.Equal("alice", stored.Message.Session.AuthenticatedUser);
        Assert.NotNull(stored.Message.Session.Tls);
        Assert.Contains("with ESMTPSA id", stored.Text);
        Assert.Equal(2, stored.Message.Envelope.Recipients.Count);
    }

    [Fact]
    public async Task Swaks_AuthLogin_WithAWrongPassword_IsRefused()
    {
        var result = await SwaksAsync("--tls", "--auth", "LOGIN", "--auth-user", "alice", "--auth-password", "wrong", "--from", "s@example.org", "--to", "b@example.com");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("535 5.7.8", result.All);
        Assert.Empty(_sink.Messages);
    }

    [Fact]
    public async Task Swaks_WithoutRelayRights_GetsRelayDenied()
    {
        var result = await SwaksAsync("--from", "s@example.org", "--to", "a@foreign.example");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("550 5.7.1 Relay access denied", result.All);
    }

    [Fact]
    public async Task PythonSmtplib_PlainStartTlsAndAuth_DeliverMessages()
    {
        var script = """
            import smtplib, ssl, sys
            port = int(sys.argv[1])
            msg = "Subject: from python\r\n\r\nline one\r\n.leading dot\r\n"
            with smtplib.SMTP("127.0.0.1", port, local_hostname="py.example") as s:
                refused = s.sendmail("s@example.org", ["a@example.com", "b@example.com"], msg)
                assert refused == {}, refused
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            with smtplib.SMTP("127.0.0.1", port, local_hostname="py.example") as s:
                s.starttls(context=ctx)
                s.login("alice", "s3cret")
                s.sendmail("s@example.org", ["relay@foreign.example"], msg.encode())
                try:
                    s.sendmail("s@example.org", ["bad@@example.com"], msg)
                    raise SystemExit("a malformed recipient was accepted")
                except smtplib.SMTPRecipientsRefused as e:
                    print("refused", e.recipients)
            print("done")
            """;
        var result = await PeerProcess.RunAsync("/usr/bin/python3", ["-c", script, Endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("refused {'bad@@example.com': (501, b'5.1.3 Bad recipient address syntax')}", result.Output);
        Assert.Equal(2, _sink.Messages.Count);
        var (plain, tls) = (_sink.Messages.First(), _sink.Messages.Last());
        Assert.Contains("line one\r\n.leading dot\r\n", plain.Text);
        Assert.Null(plain.Message.Session.Tls);
        Assert.Equal("alice", tls.Message.Session.AuthenticatedUser);
    }

    [Fact]
    public async Task SocketTranscript_BdatAndAServerStop_Answer421()
    {
        await using var client = await SmtpTestClient.ConnectAsync(Endpoint);
        await client.ExpectAsync(220, "mx.test ESMTP");
        await client.CommandAsync("EHLO c.example", 250, "CHUNKING");
        await client.SendLinesAsync("MAIL FROM:<s@example.org>", "RCPT TO:<a@example.com>");
        await client.ExpectAsync(250);
        await client.ExpectAsync(250);
        await client.SendAsync(Encoding.ASCII.GetBytes("BDAT 10 LAST\r\nSubject:\r\n"), "BDAT 10 LAST");
        await client.ExpectAsync(250, "queued");
        Assert.Equal("Subject:\r\n", _sink.Single().Body);
        await _host.StopAsync(TimeSpan.FromSeconds(10));
        await client.ExpectAsync(421, "4.3.2");
        await client.ExpectClosedAsync();
    }
}
