using System.Text;
using Akka.Mta.Smtp.Server;

namespace Akka.Mta.Smtp.Tests.Server;

/// <summary>Every kind of bad input gets its reply, and the session goes on or closes cleanly.</summary>
public sealed class BadInputTranscriptTests
{
    private static SmtpServerOptions Options => new() { HostName = "mx.test", Relay = RelayOptions.Open };

    private static async Task<InMemoryConnection> GreetedAsync(InMemorySmtpServer server)
    {
        var c = server.Connect();
        await c.Client.ExpectAsync(220);
        await c.Client.CommandAsync("EHLO client.example", 250);
        return c;
    }

    [Fact]
    public async Task UnknownCommand_Gets500_AndTheSessionGoesOn()
    {
        using var server = new InMemorySmtpServer(Options);
        await using var c = await GreetedAsync(server);
        await c.Client.CommandAsync("FROB nitz", 500, "5.5.2 Syntax error, command unrecognized");
        await c.Client.CommandAsync("", 500, "5.5.2");
        await c.Client.CommandAsync("NOOP", 250);
    }

    [Theory]
    [InlineData("MAIL FROM:<a@example.org>", "503 5.5.1 Bad sequence of commands: send EHLO or HELO first")]
    [InlineData("RCPT TO:<a@example.org>", "503 5.5.1 Bad sequence of commands: send EHLO or HELO first")]
    [InlineData("DATA", "503 5.5.1 Bad sequence of commands: send EHLO or HELO first")]
    [InlineData("STARTTLS", "503 5.5.1 Bad sequence of commands: send EHLO or HELO first")]
    public async Task CommandsBeforeEhlo_AreOutOfSequence(string command, string reply)
    {
        using var server = new InMemorySmtpServer(Options);
        await using var c = server.Connect();
        await c.Client.ExpectAsync(220);
        Assert.Equal(reply, await c.Client.CommandAsync(command, 503));
        await c.Client.CommandAsync("EHLO c", 250);
    }

    [Fact]
    public async Task CommandsOutOfSequence_Get503SayingWhatIsExpected()
    {
        using var server = new InMemorySmtpServer(Options);
        await using var c = await GreetedAsync(server);
        await c.Client.CommandAsync("RCPT TO:<a@example.com>", 503, "send MAIL first");
        await c.Client.CommandAsync("DATA", 503, "send MAIL first");
        await c.Client.CommandAsync("MAIL FROM:<s@example.org>", 250);
        await c.Client.CommandAsync("MAIL FROM:<s@example.org>", 503, "MAIL already given");
        await c.Client.CommandAsync("DATA", 503, "send RCPT first");
        await c.Client.CommandAsync("RCPT TO:<a@example.com>", 250);
        await c.Client.CommandAsync("DATA", 354);
    }

    [Theory]
    [InlineData("NOOP\n")]
    [InlineData("NO\rOP\r\n")]
    [InlineData("MAIL FROM:<a@b.example>\n")]
    public async Task BareLfOrCrInACommand_Gets500_AndTheSessionGoesOn(string raw)
    {
        using var server = new InMemorySmtpServer(Options);
        await using var c = await GreetedAsync(server);
        await c.Client.SendAsync(raw);
        await c.Client.ExpectAsync(500, "5.5.2 Bare CR or LF in command");
        await c.Client.CommandAsync("NOOP", 250);
    }

    [Fact]
    public async Task NulInACommand_Gets500()
    {
        using var server = new InMemorySmtpServer(Options);
        await using var c = await GreetedAsync(server);
        await c.Client.SendAsync("NOOP\0x\r\n");
        await c.Client.ExpectAsync(500, "NUL character");
        await c.Client.CommandAsync("NOOP", 250);
    }

    [Fact]
    public async Task InvalidUtf8InACommand_Gets500()
    {
        using var server = new InMemorySmtpServer(Options);
        await using var c = await GreetedAsync(server);
        await c.Client.SendAsync([.. "MAIL FROM:<\xff@x.example>"u8, 0xFF, (byte)'\r', (byte)'\n'], "MAIL with 0xFF");
        await c.Client.ExpectAsync(500, "not valid UTF-8");
    }

    [Fact]
    public async Task OverlongCommandLine_Gets500Once_WhetherSentWholeOrInPieces()
    {
        using var server = new InMemorySmtpServer(Options with { MaxCommandLineLength = 512 });
        await using var c = await GreetedAsync(server);
        await c.Client.SendAsync("NOOP " + new string('x', 600) + "\r\n");
        await c.Client.ExpectAsync(500, "Line too long");
        await c.Client.SendAsync("NOOP " + new string('y', 3000));
        await c.Client.SendAsync(new string('y', 3000));
        await c.Client.SendAsync("\r\nNOOP\r\n");
        await c.Client.ExpectAsync(500, "Line too long");
        await c.Client.ExpectAsync(250);
    }

    [Theory]
    [InlineData("MAIL FROM:<no-at-sign>", 501, "5.1.7")]
    [InlineData("MAIL FROM:<a@@b.example>", 501, "5.1.7")]
    [InlineData("MAIL FROM:<a..b@example.org>", 501, "5.1.7")]
    [InlineData("MAIL FROM:<.a@example.org>", 501, "5.1.7")]
    [InlineData("MAIL FROM:<a@-bad-.example>", 501, "5.1.7")]
    [InlineData("MAIL FROM:<a@exa mple.org>", 501, "5.1.7")]
    [InlineData("MAIL FROM:<a@example.org", 501, "5.1.7")]
    [InlineData("MAIL FROM:<\"unterminated@example.org>", 501, "5.1.7")]
    [InlineData("MAIL FROM:<a@[300.1.1.1]>", 501, "5.1.7")]
    [InlineData("MAIL FROM:a@example.org", 501, "5.5.4 Syntax: MAIL FROM:<address>")]
    [InlineData("MAIL TO:<a@example.org>", 501, "5.5.4")]
    [InlineData("MAIL FROM:<a@example.org>x", 501, "5.1.7")]
    [InlineData("MAIL FROM:<a@example.org> SIZE=abc", 501, "5.5.4 Bad SIZE")]
    [InlineData("MAIL FROM:<a@example.org> BODY=BINARYMIME", 501, "5.5.4 Bad BODY")]
    [InlineData("MAIL FROM:<a@example.org> FOO=bar", 555, "5.5.4 Unsupported parameter: FOO")]
    [InlineData("MAIL FROM:<a@example.org> SIZE=1 SIZE=2", 501, "given twice")]
    public async Task MalformedSender_GetsItsReply_AndTheSessionGoesOn(string command, int code, string text)
    {
        using var server = new InMemorySmtpServer(Options);
        await using var c = await GreetedAsync(server);
        await c.Client.CommandAsync(command, code, text);
        await c.Client.CommandAsync("MAIL FROM:<\"quoted local\"@[192.0.2.7]>", 250);
    }

    [Theory]
    [InlineData("RCPT TO:<>", 501, "5.1.3")]
    [InlineData("RCPT TO:<@route.example:a@example.com>", 250, "2.1.5")]
    [InlineData("RCPT TO:<a@example.com> NOTIFY=NEVER", 555, "NOTIFY")]
    [InlineData("RCPT TO:<" + "l123456789l123456789l123456789l123456789l123456789l123456789l12345@example.com>", 501, "5.1.3")]
    [InlineData("RCPT TO:<a@[IPv6:2001:db8::1]>", 250, "2.1.5")]
    [InlineData("RCPT TO:<a@[IPv6:nonsense]>", 501, "5.1.3")]
    [InlineData("RCPT TO: <spaced@example.com>", 250, "2.1.5")]
    public async Task RecipientSyntax_IsChecked(string command, int code, string text)
    {
        using var server = new InMemorySmtpServer(Options);
        await using var c = await GreetedAsync(server);
        await c.Client.CommandAsync("MAIL FROM:<s@example.org>", 250);
        await c.Client.CommandAsync(command, code, text);
    }

    [Theory]
    [InlineData("EHLO", 501, "Syntax: EHLO hostname")]
    [InlineData("EHLO bad..name", 501, "Invalid hostname")]
    [InlineData("EHLO two words", 501, "Invalid hostname")]
    [InlineData("EHLO [192.0.2.1]", 250, "greets [192.0.2.1]")]
    [InlineData("EHLO under_score.example", 250, "greets")]
    public async Task EhloName_IsADomainOrAnAddressLiteral(string command, int code, string text)
    {
        using var server = new InMemorySmtpServer(Options);
        await using var c = server.Connect();
        await c.Client.ExpectAsync(220);
        await c.Client.CommandAsync(command, code, text);
    }

    [Fact]
    public async Task EarlyTalker_IsRefusedAndDisconnected()
    {
        using var server = new InMemorySmtpServer(Options);
        await using var c = server.Connect(early: "EHLO impatient.example\r\nMAIL FROM:<a@b.example>\r\n");
        await c.Client.ExpectAsync(554, "5.5.1 Protocol error: data sent before the greeting");
        await c.Client.ExpectClosedAsync();
        Assert.Equal(0, server.Sink.Calls);
    }

    [Fact]
    public async Task EarlyTalker_DuringTheGreetingDelay_IsRefused_AndAPatientClientIsGreeted()
    {
        using var server = new InMemorySmtpServer(Options with { GreetingDelay = TimeSpan.FromSeconds(5) });
        await using var impatient = server.Connect();
        await using var patient = server.Connect("192.0.2.11:1");
        await impatient.Client.SendLinesAsync("EHLO impatient.example");
        await Akka.Mta.Testing.SmtpServer.Eventually.HoldsAsync(() =>
        {
            server.Time.Advance(TimeSpan.FromSeconds(5));
            return impatient.Client.HasPendingReply && patient.Client.HasPendingReply;
        }, "both sessions to end their greeting delay");
        await impatient.Client.ExpectAsync(554, "data sent before the greeting");
        await impatient.Client.ExpectClosedAsync();
        await patient.Client.ExpectAsync(220);
    }

    [Fact]
    public async Task BareLfInData_RefusesTheMessage_ButOnlyCrLfDotCrLfEndsIt()
    {
        using var server = new InMemorySmtpServer(Options);
        await using var c = await GreetedAsync(server);
        await c.Client.CommandAsync("MAIL FROM:<s@example.org>", 250);
        await c.Client.CommandAsync("RCPT TO:<a@example.com>", 250);
        await c.Client.CommandAsync("DATA", 354);
        // An SMTP smuggling attempt: "\n.\n" and "\r\n.\n" must not end the message.
        await c.Client.SendAsync("Subject: x\r\n\r\nbody\n.\nMAIL FROM:<evil@example.org>\r\n.\nRCPT TO:<v@example.com>\r\n.\r\n");
        await c.Client.ExpectAsync(554, "5.6.0 Message has a bare CR or LF");
        Assert.Equal(0, server.Sink.Calls);
        await c.Client.CommandAsync("NOOP", 250);
        await c.Client.CommandAsync("RCPT TO:<a@example.com>", 503, "send MAIL first");
    }

    [Fact]
    public async Task BareCrInData_RefusesTheMessage()
    {
        using var server = new InMemorySmtpServer(Options);
        await using var c = await GreetedAsync(server);
        await c.Client.SendLinesAsync("MAIL FROM:<s@example.org>", "RCPT TO:<a@example.com>", "DATA");
        await c.Client.ExpectAsync(250);
        await c.Client.ExpectAsync(250);
        await c.Client.ExpectAsync(354);
        await c.Client.SendAsync("a\rb\r\n.\r\n");
        await c.Client.ExpectAsync(554, "bare CR or LF");
    }

    [Fact]
    public async Task NulInData_RefusesTheMessage()
    {
        using var server = new InMemorySmtpServer(Options);
        await using var c = await GreetedAsync(server);
        await c.Client.SendLinesAsync("MAIL FROM:<s@example.org>", "RCPT TO:<a@example.com>", "DATA");
        await c.Client.ExpectAsync(250);
        await c.Client.ExpectAsync(250);
        await c.Client.ExpectAsync(354);
        await c.Client.SendAsync("a\0b\r\n.\r\n");
        await c.Client.ExpectAsync(554, "NUL");
        Assert.Equal(0, server.Sink.Calls);
    }

    [Fact]
    public async Task OverlongDataLine_RefusesTheMessage()
    {
        using var server = new InMemorySmtpServer(Options);
        await using var c = await GreetedAsync(server);
        await c.Client.SendLinesAsync("MAIL FROM:<s@example.org>", "RCPT TO:<a@example.com>", "DATA");
        await c.Client.ExpectAsync(250);
        await c.Client.ExpectAsync(250);
        await c.Client.ExpectAsync(354);
        await c.Client.SendAsync(new string('a', 998) + "\r\n");
        await c.Client.SendAsync(new string('b', 999) + "\r\n.\r\n");
        await c.Client.ExpectAsync(554, "longer than 998");
    }

    [Fact]
    public async Task OversizeMessage_IsRefusedAtMailBySize_AndAfterDataByCount()
    {
        using var server = new InMemorySmtpServer(Options with { MaxMessageSize = 1000 });
        await using var c = await GreetedAsync(server);
        await c.Client.CommandAsync("MAIL FROM:<s@example.org> SIZE=1001", 552, "5.3.4");
        await c.Client.CommandAsync("MAIL FROM:<s@example.org> SIZE=1000", 250);
        await c.Client.CommandAsync("RCPT TO:<a@example.com>", 250);
        await c.Client.CommandAsync("DATA", 354);
        var line = new string('x', 98) + "\r\n";
        await c.Client.SendAsync(string.Concat(Enumerable.Repeat(line, 20)) + ".\r\n");
        await c.Client.ExpectAsync(552, "5.3.4 Message size exceeds fixed maximum message size");
        Assert.Equal(0, server.Sink.Calls);
        await c.Client.CommandAsync("NOOP", 250);
    }

    [Fact]
    public async Task ClientDisconnectingMidData_StoresNothing()
    {
        using var server = new InMemorySmtpServer(Options);
        var c = await GreetedAsync(server);
        await c.Client.SendLinesAsync("MAIL FROM:<s@example.org>", "RCPT TO:<a@example.com>", "DATA");
        await c.Client.ExpectAsync(250);
        await c.Client.ExpectAsync(250);
        await c.Client.ExpectAsync(354);
        await c.Client.SendAsync("Subject: cut short\r\n\r\nhalf a mess");
        await c.DisposeAsync();
        Assert.Equal(0, server.Sink.Calls);
    }

    [Fact]
    public async Task TlsHandshakeGarbage_ClosesTheConnectionCleanly()
    {
        using var server = new InMemorySmtpServer(Options);
        await using var c = await GreetedAsync(server);
        await c.Client.CommandAsync("STARTTLS", 220, "2.0.0 Ready to start TLS");
        await c.Client.SendAsync(Encoding.ASCII.GetBytes("this is not a TLS ClientHello\r\n" + new string('z', 400)), "garbage instead of a handshake");
        await c.Client.ExpectClosedAsync();
        await c.SessionEndedAsync();
    }

    [Fact]
    public async Task TooManyErrors_CloseTheConnectionWith421()
    {
        using var server = new InMemorySmtpServer(Options with { MaxErrors = 3 });
        await using var c = await GreetedAsync(server);
        await c.Client.CommandAsync("FOO", 500);
        await c.Client.CommandAsync("BAR", 500);
        await c.Client.SendLinesAsync("BAZ");
        await c.Client.ExpectAsync(500);
        await c.Client.ExpectAsync(421, "4.7.0 Too many errors");
        await c.Client.ExpectClosedAsync();
    }

    [Fact]
    public async Task TooManyCommandsWithoutMail_CloseTheConnectionWith421()
    {
        using var server = new InMemorySmtpServer(Options with { MaxCommandsWithoutMail = 3 });
        await using var c = await GreetedAsync(server);
        await c.Client.CommandAsync("NOOP", 250);
        await c.Client.CommandAsync("RSET", 250);
        await c.Client.SendLinesAsync("NOOP");
        await c.Client.ExpectAsync(421, "4.7.0 Too many commands without a transaction");
        await c.Client.ExpectClosedAsync();
    }
}
