using Akka.Mta.Smtp.Server;

namespace Akka.Mta.Smtp.Tests.Server;

/// <summary>The ordinary conversation: greeting, EHLO, a transaction, the small verbs, QUIT.</summary>
public sealed class SessionTranscriptTests
{
    private static SmtpServerOptions Options => new() { HostName = "mx.test", Relay = RelayOptions.Open };

    [Fact]
    public async Task Ehlo_ListsTheExtensions_AndNoAuthBeforeTls()
    {
        using var server = new InMemorySmtpServer(Options, s => s with { Authenticator = new InMemoryAuthenticator(new Dictionary<string, string> { ["u"] = "p" }) });
        await using var c = server.Connect();
        await c.Client.ExpectAsync(220, "mx.test ESMTP");
        var ehlo = await c.Client.CommandAsync("EHLO client.example", 250, "mx.test greets client.example");
        foreach (var keyword in new[] { "PIPELINING", "SIZE 52428800", "8BITMIME", "SMTPUTF8", "ENHANCEDSTATUSCODES", "CHUNKING", "STARTTLS" })
        {
            Assert.Contains("250-" + keyword, ehlo.Replace("250 " + keyword, "250-" + keyword));
        }
        Assert.DoesNotContain("AUTH", ehlo);
    }

    [Fact]
    public async Task Transaction_IsAcceptedAfterTheSinkStoresIt_WithUnstuffedContentAndReceivedHeader()
    {
        using var server = new InMemorySmtpServer(Options);
        await using var c = server.Connect();
        await c.Client.ExpectAsync(220);
        await c.Client.CommandAsync("EHLO client.example", 250);
        await c.Client.CommandAsync("MAIL FROM:<sender@example.org> SIZE=100 BODY=8BITMIME", 250, "2.1.0");
        await c.Client.CommandAsync("RCPT TO:<rcpt@example.com>", 250, "2.1.5");
        await c.Client.CommandAsync("DATA", 354);
        await c.Client.SendAsync("Subject: hi\r\n\r\n..leading dot\r\nlast line\r\n.\r\n");
        await c.Client.ExpectAsync(250, "2.0.0 Ok: queued as Q1");
        var stored = server.Sink.Single();
        Assert.Equal("Subject: hi\r\n\r\n.leading dot\r\nlast line\r\n", stored.Body);
        Assert.StartsWith("Received: from client.example ([192.0.2.10])\r\n\tby mx.test (Akka.Mta) with ESMTP id T1.1\r\n\tfor <rcpt@example.com>; Mon, 23 Nov 2026 10:00:00 +0000\r\n", stored.Text);
        Assert.Equal("sender@example.org", stored.Message.Envelope.Sender!.Address);
        Assert.Equal(Akka.Mta.Smtp.Protocol.BodyType.EightBitMime, stored.Message.Envelope.Body);
        Assert.Equal("client.example", stored.Message.Session.HeloName);
        await c.Client.CommandAsync("QUIT", 221);
        await c.Client.ExpectClosedAsync();
    }

    [Fact]
    public async Task ReceivedHeader_WithSeveralRecipients_EndsItsLastLineWithTheDate()
    {
        using var server = new InMemorySmtpServer(Options);
        await using var c = server.Connect();
        await c.Client.ExpectAsync(220);
        await c.Client.CommandAsync("EHLO client.example", 250);
        await c.Client.CommandAsync("MAIL FROM:<sender@example.org>", 250);
        await c.Client.CommandAsync("RCPT TO:<a@example.com>", 250);
        await c.Client.CommandAsync("RCPT TO:<b@example.com>", 250);
        await c.Client.CommandAsync("DATA", 354);
        await c.Client.SendAsync("Subject: hi\r\n\r\nbody\r\n.\r\n");
        await c.Client.ExpectAsync(250);

        // No "for" clause: the date must not start a line of its own (";..." is no continuation line).
        Assert.StartsWith("Received: from client.example ([192.0.2.10])\r\n\tby mx.test (Akka.Mta) with ESMTP id T1.1; Mon, 23 Nov 2026 10:00:00 +0000\r\nSubject: hi\r\n", server.Sink.Single().Text);
    }

    [Fact]
    public async Task PipelinedGroup_GetsItsRepliesInOrder_AndNullSenderIsAccepted()
    {
        using var server = new InMemorySmtpServer(Options);
        await using var c = server.Connect();
        await c.Client.ExpectAsync(220);
        await c.Client.SendLinesAsync("EHLO client.example", "MAIL FROM:<>", "RCPT TO:<a@example.com>", "RCPT TO:<bad@@example.com>", "RCPT TO:<b@example.com>", "DATA");
        await c.Client.ExpectAsync(250, "greets");
        await c.Client.ExpectAsync(250, "2.1.0");
        await c.Client.ExpectAsync(250, "2.1.5");
        await c.Client.ExpectAsync(501, "5.1.3");
        await c.Client.ExpectAsync(250, "2.1.5");
        await c.Client.ExpectAsync(354);
        await c.Client.SendLinesAsync("x", ".", "MAIL FROM:<s@example.org>", "RCPT TO:<c@example.com>", "DATA");
        await c.Client.ExpectAsync(250, "queued as Q1");
        await c.Client.ExpectAsync(250);
        await c.Client.ExpectAsync(250);
        await c.Client.ExpectAsync(354);
        await c.Client.SendLinesAsync("y", ".", "QUIT");
        await c.Client.ExpectAsync(250, "queued as Q2");
        await c.Client.ExpectAsync(221);
        var first = server.Sink.Messages.First().Message;
        Assert.Null(first.Envelope.Sender);
        Assert.Equal(["a@example.com", "b@example.com"], first.Envelope.Recipients.Select(r => r.Address.Address));
    }

    [Fact]
    public async Task Helo_OffersNoExtensions_SoMailParametersAreRefused()
    {
        using var server = new InMemorySmtpServer(Options);
        await using var c = server.Connect();
        await c.Client.ExpectAsync(220);
        var helo = await c.Client.CommandAsync("HELO client.example", 250);
        Assert.Equal("250 mx.test", helo);
        await c.Client.CommandAsync("MAIL FROM:<s@example.org> SIZE=10", 555, "5.5.4 Unsupported parameter: SIZE");
        await c.Client.CommandAsync("MAIL FROM:<s@example.org>", 250);
    }

    [Fact]
    public async Task SmallVerbs_AnswerAndKeepTheSessionGoing()
    {
        using var server = new InMemorySmtpServer(Options);
        await using var c = server.Connect();
        await c.Client.ExpectAsync(220);
        await c.Client.CommandAsync("NOOP", 250, "2.0.0");
        await c.Client.CommandAsync("noop anything", 250);
        await c.Client.CommandAsync("VRFY postmaster", 502, "5.5.1 VRFY command is disabled");
        await c.Client.CommandAsync("EXPN staff", 502, "5.5.1");
        await c.Client.CommandAsync("HELP", 214, "2.0.0");
        await c.Client.CommandAsync("RSET", 250);
        await c.Client.CommandAsync("EHLO c", 250);
        await c.Client.CommandAsync("MAIL FROM:<s@example.org>", 250);
        await c.Client.CommandAsync("RSET", 250, "2.0.0 Reset");
        await c.Client.CommandAsync("RCPT TO:<a@example.com>", 503, "send MAIL first");
        await c.Client.CommandAsync("RCPT TO:<postmaster>", 503);
        await c.Client.CommandAsync("MAIL FROM:<s@example.org>", 250);
        await c.Client.CommandAsync("RCPT TO:<Postmaster>", 250);
        await c.Client.CommandAsync("QUIT", 221, "2.0.0 Bye");
        await c.Client.ExpectClosedAsync();
    }

    [Fact]
    public async Task Ehlo_InTheMiddleOfATransaction_ResetsIt()
    {
        using var server = new InMemorySmtpServer(Options);
        await using var c = server.Connect();
        await c.Client.ExpectAsync(220);
        await c.Client.CommandAsync("EHLO c", 250);
        await c.Client.CommandAsync("MAIL FROM:<s@example.org>", 250);
        await c.Client.CommandAsync("RCPT TO:<a@example.com>", 250);
        await c.Client.CommandAsync("EHLO c", 250);
        await c.Client.CommandAsync("DATA", 503, "send MAIL first");
    }

    [Fact]
    public async Task SmtpUtf8Addresses_NeedTheSmtpUtf8Parameter()
    {
        using var server = new InMemorySmtpServer(Options);
        await using var c = server.Connect();
        await c.Client.ExpectAsync(220);
        await c.Client.CommandAsync("EHLO c", 250);
        await c.Client.CommandAsync("MAIL FROM:<jörg@example.org>", 553, "5.6.7");
        await c.Client.CommandAsync("MAIL FROM:<s@example.org>", 250);
        await c.Client.CommandAsync("RCPT TO:<用户@例子.广告>", 553, "5.6.7");
        await c.Client.CommandAsync("RSET", 250);
        await c.Client.CommandAsync("MAIL FROM:<jörg@example.org> SMTPUTF8", 250);
        await c.Client.CommandAsync("RCPT TO:<用户@例子.广告>", 250);
        await c.Client.CommandAsync("DATA", 354);
        await c.Client.SendLinesAsync("Subject: ü", "", "ü", ".");
        await c.Client.ExpectAsync(250);
        var stored = server.Sink.Single();
        Assert.Contains("with UTF8SMTP id", stored.Text);
        Assert.Equal("用户@例子.广告", stored.Message.Envelope.Recipients[0].Address.Address);
    }
}
