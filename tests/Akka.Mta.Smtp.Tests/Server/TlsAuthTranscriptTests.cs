using System.Text;
using Akka.Mta.Smtp.Server;

namespace Akka.Mta.Smtp.Tests.Server;

/// <summary>STARTTLS over the in-memory connection, and AUTH PLAIN / LOGIN around it.</summary>
public sealed class TlsAuthTranscriptTests
{
    private static readonly InMemoryAuthenticator Users = new(new Dictionary<string, string> { ["alice"] = "s3cret" });

    private static SmtpServerOptions Options => new() { HostName = "mx.test", Relay = new RelayOptions { RelayNetworks = [] } };

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static async Task<InMemoryConnection> TlsAsync(InMemorySmtpServer server)
    {
        var c = server.Connect();
        await c.Client.ExpectAsync(220);
        await c.Client.CommandAsync("EHLO client.example", 250, "STARTTLS");
        await c.Client.CommandAsync("STARTTLS", 220, "2.0.0 Ready to start TLS");
        await c.Client.StartTlsAsync();
        return c;
    }

    [Fact]
    public async Task StartTls_ThenEhloAgain_OffersAuthNotStartTls_AndTheReceivedHeaderNamesTheCipher()
    {
        using var server = new InMemorySmtpServer(Options with { Relay = RelayOptions.Open }, s => s with { Authenticator = Users });
        await using var c = await TlsAsync(server);
        await c.Client.CommandAsync("MAIL FROM:<s@example.org>", 503, "send EHLO or HELO first");
        var ehlo = await c.Client.CommandAsync("EHLO client.example", 250, "AUTH PLAIN LOGIN");
        Assert.DoesNotContain("STARTTLS", ehlo);
        await c.Client.CommandAsync("STARTTLS", 503, "TLS already active");
        await c.Client.SendLinesAsync("MAIL FROM:<s@example.org>", "RCPT TO:<a@example.com>", "DATA");
        await c.Client.ExpectAsync(250);
        await c.Client.ExpectAsync(250);
        await c.Client.ExpectAsync(354);
        await c.Client.SendLinesAsync("x", ".");
        await c.Client.ExpectAsync(250);
        var stored = server.Sink.Single();
        Assert.Contains("with ESMTPS id", stored.Text);
        Assert.Contains("(using TLSv1.", stored.Text);
        Assert.NotNull(stored.Message.Session.Tls);
    }

    [Fact]
    public async Task CommandsPipelinedAfterStartTls_AreDiscarded_NotRunInsideTls()
    {
        using var server = new InMemorySmtpServer(Options);
        await using var c = server.Connect();
        await c.Client.ExpectAsync(220);
        await c.Client.CommandAsync("EHLO client.example", 250);
        await c.Client.SendLinesAsync("STARTTLS", "RSET", "NOOP");
        await c.Client.ExpectAsync(220);
        await c.Client.StartTlsAsync();
        await c.Client.CommandAsync("EHLO again.example", 250, "greets again.example");
    }

    [Fact]
    public async Task Auth_BeforeTls_Gets538()
    {
        using var server = new InMemorySmtpServer(Options, s => s with { Authenticator = Users });
        await using var c = server.Connect();
        await c.Client.ExpectAsync(220);
        await c.Client.CommandAsync("EHLO c", 250);
        await c.Client.CommandAsync("AUTH PLAIN " + B64("\0alice\0s3cret"), 538, "5.7.11 Encryption required");
    }

    [Fact]
    public async Task AuthPlain_AfterTls_LetsTheUserRelay()
    {
        using var server = new InMemorySmtpServer(Options, s => s with { Authenticator = Users });
        await using var c = await TlsAsync(server);
        await c.Client.CommandAsync("EHLO c", 250);
        await c.Client.CommandAsync("MAIL FROM:<s@example.org>", 250);
        await c.Client.CommandAsync("RCPT TO:<a@example.com>", 550, "5.7.1 Relay access denied");
        await c.Client.CommandAsync("AUTH PLAIN " + B64("\0alice\0s3cret"), 503, "AUTH not allowed during a mail transaction");
        await c.Client.CommandAsync("RSET", 250);
        await c.Client.CommandAsync("AUTH PLAIN " + B64("\0alice\0s3cret"), 235, "2.7.0");
        await c.Client.CommandAsync("AUTH PLAIN " + B64("\0alice\0s3cret"), 503, "Already authenticated");
        await c.Client.CommandAsync("MAIL FROM:<s@example.org>", 250);
        await c.Client.CommandAsync("RCPT TO:<a@example.com>", 250);
    }

    [Fact]
    public async Task AuthPlain_WithAChallenge_AndAuthLogin_Work_WhenAllowedWithoutTls()
    {
        using var server = new InMemorySmtpServer(Options with { AllowAuthWithoutTls = true, StartTls = false }, s => s with { Authenticator = Users });
        await using var c = server.Connect();
        await c.Client.ExpectAsync(220);
        var ehlo = await c.Client.CommandAsync("EHLO c", 250, "AUTH PLAIN LOGIN");
        Assert.DoesNotContain("STARTTLS", ehlo);
        await c.Client.CommandAsync("AUTH PLAIN", 334);
        await c.Client.CommandAsync(B64("\0alice\0wrong"), 535, "5.7.8");
        await c.Client.CommandAsync("AUTH LOGIN", 334, "VXNlcm5hbWU6");
        await c.Client.CommandAsync(B64("alice"), 334, "UGFzc3dvcmQ6");
        await c.Client.CommandAsync(B64("s3cret"), 235);
    }

    [Theory]
    [InlineData("AUTH CRAM-MD5", 504, "5.5.4")]
    [InlineData("AUTH PLAIN not*base64", 501, "5.5.2")]
    [InlineData("AUTH PLAIN =", 501, "Malformed")]
    [InlineData("AUTH PLAIN *", 501, "5.7.0 Authentication cancelled")]
    [InlineData("AUTH", 501, "Syntax: AUTH")]
    public async Task BadAuth_GetsItsReply(string command, int code, string text)
    {
        using var server = new InMemorySmtpServer(Options with { AllowAuthWithoutTls = true }, s => s with { Authenticator = Users });
        await using var c = server.Connect();
        await c.Client.ExpectAsync(220);
        await c.Client.CommandAsync("EHLO c", 250);
        await c.Client.CommandAsync(command, code, text);
        await c.Client.CommandAsync("NOOP", 250);
    }

    [Fact]
    public async Task AuthLogin_CancelledAtThePassword()
    {
        using var server = new InMemorySmtpServer(Options with { AllowAuthWithoutTls = true }, s => s with { Authenticator = Users });
        await using var c = server.Connect();
        await c.Client.ExpectAsync(220);
        await c.Client.CommandAsync("EHLO c", 250);
        await c.Client.CommandAsync("AUTH LOGIN " + B64("alice"), 334, "UGFzc3dvcmQ6");
        await c.Client.CommandAsync("*", 501, "cancelled");
    }

    [Fact]
    public async Task Auth_WithoutAnAuthenticator_IsNotEnabled()
    {
        using var server = new InMemorySmtpServer(Options with { AllowAuthWithoutTls = true });
        await using var c = server.Connect();
        await c.Client.ExpectAsync(220);
        await c.Client.CommandAsync("EHLO c", 250);
        await c.Client.CommandAsync("AUTH PLAIN " + B64("\0alice\0s3cret"), 503, "not enabled");
    }

    [Fact]
    public async Task StartTls_WhenOff_Gets454()
    {
        using var server = new InMemorySmtpServer(Options with { StartTls = false });
        await using var c = server.Connect();
        await c.Client.ExpectAsync(220);
        await c.Client.CommandAsync("EHLO c", 250);
        await c.Client.CommandAsync("STARTTLS", 454, "4.7.0 TLS not available");
    }
}
