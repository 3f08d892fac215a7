using System.Text;
using Akka.Mta.Core.Smtp;
using Akka.Mta.Smtp.Client;

namespace Akka.Mta.Smtp.Tests.Client;

/// <summary>
/// The client against recorded server transcripts, each fed whole, line by line and byte by byte.
/// The server side checks every line the client sends.
/// </summary>
public sealed class ClientTranscriptTests
{
    internal static readonly SmtpClientOptions Options = new()
    {
        EhloDomain = "client.test",
        Timeouts = SmtpTimeouts.All(TimeSpan.FromSeconds(30)),
    };

    internal static readonly byte[] First = Encoding.ASCII.GetBytes(
        "From: <sender@example.org>\r\nTo: <a@example.net>\r\nSubject: transcript\r\n\r\nHello\n.leading dot\r\nbye\r\n");

    internal static readonly byte[] Second = Encoding.ASCII.GetBytes("Subject: second\r\n\r\nsecond message\r\n");

    public static TheoryData<Feed> Feeds => [Feed.Whole, Feed.LineByLine, Feed.ByteByByte];

    [Theory, MemberData(nameof(Feeds))]
    public async Task Pipelining_SendsTheEnvelopeBeforeAnyReply_AndReusesTheConnectionAfterRset(Feed feed)
    {
        var server = TranscriptServer.Start("esmtp-pipelining.txt", feed);
        await using var client = await SmtpClient.StartAsync(server.ClientStream, "mx.example.net", Options);
        Assert.True(client.Capabilities.Pipelining);
        Assert.Equal(10240000, client.Capabilities.MaxMessageSize);

        var first = await client.SendAsync(new SmtpEnvelope("sender@example.org", "a@example.net", "b@example.net"), First);
        var second = await client.SendAsync(new SmtpEnvelope("", "c@example.net"), Second);
        await client.QuitAsync();
        await server.VerifyAsync();

        Assert.True(first.AllDelivered, string.Join("; ", first.Recipients));
        Assert.Equal(new SmtpResponse(250, new EnhancedStatusCode(2, 0, 0), "Ok: queued as 4F1A2B3C", "."), first.Recipients[1].Response);
        Assert.Equal(new SmtpResponse(250, new EnhancedStatusCode(2, 1, 0), "Ok", "MAIL FROM"), first.MailFrom);
        Assert.True(second.AllDelivered);
        Assert.Equal("Ok: queued as 5D6E7F80", second.Recipients[0].Response.Content);
        Assert.Equal(2, client.TransactionCount);
        Assert.Equal(SmtpClientState.Closed, client.State);
    }

    [Theory, MemberData(nameof(Feeds))]
    public async Task HeloOnlyServer_GetsHelo_AndOneCommandAtATime(Feed feed)
    {
        var server = TranscriptServer.Start("helo-only.txt", feed);
        await using var client = await SmtpClient.StartAsync(server.ClientStream, "old.example.net", Options);
        Assert.True(client.UsedHelo);

        var result = await client.SendAsync(new SmtpEnvelope("sender@example.org", "a@example.net", "b@example.net"), Second);
        await client.QuitAsync();
        await server.VerifyAsync();

        Assert.Null(result.Recipients[0].Failure);
        Assert.Equal("Message accepted for delivery", result.Recipients[0].Response.Content);
        Assert.Equal(SmtpFailureKind.Permanent, result.Recipients[1].Failure);
        Assert.Equal(new SmtpResponse(550, null, "No such user here", "RCPT TO"), result.Recipients[1].Response);
    }

    [Theory, MemberData(nameof(Feeds))]
    public async Task MultiLineReplies_AreJoined_AndAFinalDotRejectionIsPermanent(Feed feed)
    {
        var server = TranscriptServer.Start("multiline-replies.txt", feed);
        await using var client = await SmtpClient.StartAsync(server.ClientStream, "mx.google.example", Options);
        Assert.Equal("mx.google.example ESMTP ready\nNo UCE.\nPlease be nice.", client.Banner!.Content);
        Assert.True(client.Capabilities.SmtpUtf8 && client.Capabilities.Chunking);

        var result = await client.SendAsync(new SmtpEnvelope("sender@example.org", "a@example.net"), Second);
        await client.QuitAsync();
        await server.VerifyAsync();

        var rejected = Assert.Single(result.Recipients);
        Assert.Equal(SmtpFailureKind.Permanent, rejected.Failure);
        Assert.Equal(new EnhancedStatusCode(5, 7, 26), rejected.Response.Enhanced);
        Assert.Equal(".", rejected.Response.Command);
        Assert.Equal(
            "550 5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM. Learn more at https://support.google.example/mail/answer/81126",
            rejected.Response.ToSingleLine());
    }

    [Theory, MemberData(nameof(Feeds))]
    public async Task RejectedRecipients_AreClassifiedOneByOne_AndTheRestDelivered(Feed feed)
    {
        var server = TranscriptServer.Start("rcpt-rejections-then-data.txt", feed);
        await using var client = await SmtpClient.StartAsync(server.ClientStream, "mx.example.net", Options);

        var result = await client.SendAsync(new SmtpEnvelope("sender@example.org", "unknown@example.net", "grey@example.net", "ok@example.net"), Second);
        Assert.Equal(SmtpClientState.Ready, client.State);
        await client.QuitAsync();
        await server.VerifyAsync();

        Assert.Equal(
            [SmtpFailureKind.Permanent, SmtpFailureKind.Transient, null],
            result.Recipients.Select(r => r.Failure));
        Assert.Equal([true, false, false], result.Recipients.Select(r => r.IsPermanentFailure));
        Assert.Equal(new EnhancedStatusCode(5, 1, 1), result.Recipients[0].Response.Enhanced);
        Assert.Equal("RCPT TO", result.Recipients[1].Response.Command);
        Assert.Equal("queued", result.Recipients[2].Response.Content);
    }

    [Theory, MemberData(nameof(Feeds))]
    public async Task A421AmongPipelinedRecipients_DecidesEveryoneStillOpen_AndClosesTheConnection(Feed feed)
    {
        var server = TranscriptServer.Start("rcpt-rejections.txt", feed);
        await using var client = await SmtpClient.StartAsync(server.ClientStream, "mx.example.net", Options);

        var result = await client.SendAsync(
            new SmtpEnvelope("sender@example.org", "unknown@example.net", "grey@example.net", "ok@example.net", "limited@example.net"), Second);
        await client.DisposeAsync();
        await server.VerifyAsync();

        Assert.Equal(
            [SmtpFailureKind.Permanent, SmtpFailureKind.Transient, SmtpFailureKind.Transient, SmtpFailureKind.Transient],
            result.Recipients.Select(r => r.Failure));
        Assert.Equal("[TS01] Messages from 192.0.2.1 temporarily deferred due to user complaints", result.Recipients[2].Response.Content);
        Assert.Equal(421, result.ConnectionFailure!.Response.Code);
        Assert.True(result.ConnectionFailure.EndsConnection);
        Assert.Equal(SmtpClientState.Closed, client.State);
    }

    [Theory, MemberData(nameof(Feeds))]
    public async Task A421MidSession_WithoutPipelining_StopsSendingRecipients(Feed feed)
    {
        var server = TranscriptServer.Start("421-mid-session.txt", feed);
        await using var client = await SmtpClient.StartAsync(server.ClientStream, "mx.example.net", Options);

        var result = await client.SendAsync(new SmtpEnvelope("sender@example.org", "a@example.net", "b@example.net", "c@example.net"), Second);
        await client.DisposeAsync();
        await server.VerifyAsync();

        Assert.All(result.Recipients, r =>
        {
            Assert.Equal(SmtpFailureKind.Transient, r.Failure);
            Assert.Equal("421 4.7.0 mx.example.net Error: too many errors", r.Response.ToSingleLine());
        });
        Assert.Equal(SmtpClientState.Closed, client.State);
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.SendAsync(new SmtpEnvelope("s@example.org", "a@example.net"), Second));
    }

    [Theory, MemberData(nameof(Feeds))]
    public async Task RefusedSender_DecidesAllRecipients_AndTheNextMessageStartsWithRset(Feed feed)
    {
        var server = TranscriptServer.Start("mail-rejected.txt", feed);
        await using var client = await SmtpClient.StartAsync(server.ClientStream, "mx.example.net", Options);

        var refused = await client.SendAsync(new SmtpEnvelope("spammer@example.org", "a@example.net", "b@example.net"), Second);
        var delivered = await client.SendAsync(new SmtpEnvelope("sender@example.org", "a@example.net"), Second);
        await client.QuitAsync();
        await server.VerifyAsync();

        Assert.All(refused.Recipients, r =>
        {
            Assert.Equal(SmtpFailureKind.Permanent, r.Failure);
            Assert.Equal("MAIL FROM", r.Response.Command);
            Assert.Equal(new EnhancedStatusCode(5, 7, 1), r.Response.Enhanced);
        });
        Assert.Null(refused.ConnectionFailure);
        Assert.True(delivered.AllDelivered);
    }

    [Theory, MemberData(nameof(Feeds))]
    public async Task HttpInsteadOfSmtp_IsAProtocolError(Feed feed)
    {
        var server = TranscriptServer.Start("garbage-ehlo.txt", feed);

        var error = await Assert.ThrowsAsync<SmtpClientException>(() => SmtpClient.StartAsync(server.ClientStream, "mx.example.net", Options));
        await server.VerifyAsync();

        Assert.Equal(SmtpFailureKind.ProtocolError, error.Failure.Kind);
        Assert.Contains("HTTP/1.1 400 Bad Request", error.Failure.Response.Content);
        Assert.True(error.Failure.Response.IsInternal);
    }

    [Theory, MemberData(nameof(Feeds))]
    public async Task BinaryNoise_InsteadOfAReply_IsAProtocolErrorForTheRecipients(Feed feed)
    {
        var server = TranscriptServer.Start("garbage-binary.txt", feed);
        await using var client = await SmtpClient.StartAsync(server.ClientStream, "mx.example.net", Options);

        var result = await client.SendAsync(new SmtpEnvelope("sender@example.org", "a@example.net"), Second);
        await client.DisposeAsync();
        await server.VerifyAsync();

        Assert.Equal(SmtpFailureKind.ProtocolError, result.Recipients[0].Failure);
        Assert.Equal(SmtpFailureKind.ProtocolError, result.ConnectionFailure!.Kind);
        Assert.Contains("MAIL FROM", result.ConnectionFailure.Response.Content);
    }

    [Theory, MemberData(nameof(Feeds))]
    public async Task ConnectionClosedBeforeTheFinalReply_IsConnectionLost(Feed feed)
    {
        var server = TranscriptServer.Start("lost-after-data.txt", feed);
        await using var client = await SmtpClient.StartAsync(server.ClientStream, "mx.example.net", Options);

        var result = await client.SendAsync(new SmtpEnvelope("sender@example.org", "a@example.net"), Second);
        await client.DisposeAsync();
        await server.VerifyAsync();

        var lost = Assert.Single(result.Recipients);
        Assert.Equal(SmtpFailureKind.ConnectionLost, lost.Failure);
        Assert.Equal(421, lost.Response.Code);
        Assert.Contains("closed the connection", lost.Response.Content);
        Assert.Equal(SmtpClientState.Closed, client.State);
    }

    [Theory, MemberData(nameof(Feeds))]
    public async Task RejectingBanner_IsPermanent_AndAnsweredWithQuit(Feed feed)
    {
        var server = TranscriptServer.Start("banner-rejected.txt", feed);

        var error = await Assert.ThrowsAsync<SmtpClientException>(() => SmtpClient.StartAsync(server.ClientStream, "mx.example.net", Options));
        await server.VerifyAsync();

        Assert.Equal(SmtpFailureKind.Permanent, error.Failure.Kind);
        Assert.Equal("554 5.7.1 mx.example.net no SMTP service for you", error.Failure.Response.ToSingleLine());
    }

    [Theory, MemberData(nameof(Feeds))]
    public async Task EightBitOrUtf8Messages_AreNotSent_ToAServerWithoutTheExtensions(Feed feed)
    {
        var server = TranscriptServer.Start("no-8bitmime.txt", feed);
        await using var client = await SmtpClient.StartAsync(server.ClientStream, "mx.example.net", Options);

        var eightBit = await client.SendAsync(new SmtpEnvelope("sender@example.org", "a@example.net"), Encoding.UTF8.GetBytes("Subject: x\r\n\r\ncrème\r\n"));
        var utf8 = await client.SendAsync(new SmtpEnvelope("sender@example.org", "josé@exemple.fr"), Second);
        var plain = await client.SendAsync(new SmtpEnvelope("sender@example.org", "a@example.net"), Second);
        await client.QuitAsync();
        await server.VerifyAsync();

        var refused8 = Assert.Single(eightBit.Recipients);
        Assert.Equal(SmtpFailureKind.NotDeliverableHere, refused8.Failure);
        Assert.Equal("5.6.3", refused8.Response.Enhanced.ToString());
        Assert.True(refused8.Response.IsInternal);
        Assert.Equal("5.6.7", utf8.Recipients[0].Response.Enhanced.ToString());
        Assert.True(new SmtpFailure(utf8.Recipients[0].Failure!.Value, utf8.Recipients[0].Response).IsPermanent);
        Assert.True(plain.AllDelivered);
    }

    [Theory, MemberData(nameof(Feeds))]
    public async Task Utf8AddressAndEightBitBody_GetSmtpUtf8AndBody8BitMime(Feed feed)
    {
        var server = TranscriptServer.Start("utf8.txt", feed);
        await using var client = await SmtpClient.StartAsync(server.ClientStream, "mx.example.net", Options);

        var result = await client.SendAsync(new SmtpEnvelope("sender@example.org", "josé@exemple.fr"), Encoding.UTF8.GetBytes("Subject: café\r\n\r\ncrème brûlée\r\n"));
        await client.QuitAsync();
        await server.VerifyAsync();

        Assert.True(result.AllDelivered, string.Join("; ", result.Recipients));
    }
}
