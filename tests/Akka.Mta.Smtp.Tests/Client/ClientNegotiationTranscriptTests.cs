using Akka.Mta.Core.Smtp;
using Akka.Mta.Smtp.Client;

namespace Akka.Mta.Smtp.Tests.Client;

/// <summary>Transcripts of STARTTLS refusals, AUTH PLAIN, local refusals and out-of-sequence replies.</summary>
public sealed class ClientNegotiationTranscriptTests
{
    private static readonly SmtpClientOptions Options = ClientTranscriptTests.Options;

    public static TheoryData<Feed> Feeds => ClientTranscriptTests.Feeds;

    [Theory, MemberData(nameof(Feeds))]
    public async Task StartTlsRefused_Opportunistic_GoesOnInPlainText(Feed feed)
    {
        var server = TranscriptServer.Start("starttls-refused.txt", feed);
        await using var client = await SmtpClient.StartAsync(server.ClientStream, "mx.example.net", Options with { EnableTls = SmtpTlsMode.Opportunistic });

        var result = await client.SendAsync(new SmtpEnvelope("sender@example.org", "a@example.net"), ClientTranscriptTests.Second);
        await client.QuitAsync();
        await server.VerifyAsync();

        Assert.False(client.IsTls);
        Assert.True(result.AllDelivered);
    }

    [Theory, MemberData(nameof(Feeds))]
    public async Task StartTlsRefused_Required_FailsWithTheServersReply(Feed feed)
    {
        var server = TranscriptServer.Start("starttls-refused-required.txt", feed);

        var error = await Assert.ThrowsAsync<SmtpClientException>(() =>
            SmtpClient.StartAsync(server.ClientStream, "mx.example.net", Options with { EnableTls = SmtpTlsMode.Required }));
        await server.VerifyAsync();

        Assert.Equal(SmtpFailureKind.TlsFailure, error.Failure.Kind);
        Assert.Equal(new SmtpResponse(454, new EnhancedStatusCode(4, 7, 0), "TLS not available due to local problem", "STARTTLS"), error.Failure.Response);
    }

    [Theory]
    [InlineData(Feed.Whole)]
    [InlineData(Feed.LineByLine)]
    public async Task BytesAfterTheStartTlsGoAhead_AreRefused_AsInjection(Feed feed)
    {
        var server = TranscriptServer.Start("starttls-injection.txt", feed);

        var error = await Assert.ThrowsAsync<SmtpClientException>(() =>
            SmtpClient.StartAsync(server.ClientStream, "mx.example.net", Options with { EnableTls = SmtpTlsMode.OpportunisticInsecure }));
        await server.VerifyAsync();

        Assert.Equal(SmtpFailureKind.ProtocolError, error.Failure.Kind);
        Assert.Contains("data after its 220 reply to STARTTLS", error.Failure.Response.Content);
    }

    [Theory, MemberData(nameof(Feeds))]
    public async Task AuthPlain_SendsTheInitialResponse_WhenAllowedWithoutTls(Feed feed)
    {
        var server = TranscriptServer.Start("auth-plain.txt", feed);
        await using var client = await SmtpClient.StartAsync(server.ClientStream, "relay.example.net", Options with
        {
            EnableTls = SmtpTlsMode.Disabled,
            AuthPlain = new SmtpCredentials("relay", "secret"),
            AllowAuthPlainWithoutTls = true,
        });

        var result = await client.SendAsync(new SmtpEnvelope("sender@example.org", "a@example.net"), ClientTranscriptTests.Second);
        await client.QuitAsync();
        await server.VerifyAsync();

        Assert.True(client.IsAuthenticated);
        Assert.True(result.AllDelivered);
        Assert.DoesNotContain("secret", new SmtpCredentials("relay", "secret").ToString());
    }

    [Theory, MemberData(nameof(Feeds))]
    public async Task AuthPlain_IsNotSentInPlainText_UnlessAllowed(Feed feed)
    {
        var server = TranscriptServer.Start("auth-not-over-plain.txt", feed);

        var error = await Assert.ThrowsAsync<SmtpClientException>(() => SmtpClient.StartAsync(server.ClientStream, "relay.example.net", Options with
        {
            EnableTls = SmtpTlsMode.Disabled,
            AuthPlain = new SmtpCredentials("relay", "secret"),
        }));
        await server.VerifyAsync();

        Assert.Equal(SmtpFailureKind.NotDeliverableHere, error.Failure.Kind);
        Assert.Contains("allow_smtp_auth_plain_without_tls", error.Failure.Response.Content);
        Assert.True(error.Failure.Response.IsTransient);
    }

    [Theory, MemberData(nameof(Feeds))]
    public async Task AddressesThatCouldInjectCommands_AreRefusedLocally_AndTheRestSent(Feed feed)
    {
        var server = TranscriptServer.Start("bad-recipients.txt", feed);
        await using var client = await SmtpClient.StartAsync(server.ClientStream, "mx.example.net", Options);

        var result = await client.SendAsync(
            new SmtpEnvelope("sender@example.org", "evil@example.net>\r\nRCPT TO:<x@example.net", "ok@example.net", "", "no-at-sign", "a <b>@example.net"),
            ClientTranscriptTests.Second);
        var badSender = await client.SendAsync(new SmtpEnvelope("sender@example.org\r\nRSET", "ok@example.net"), ClientTranscriptTests.Second);
        await client.QuitAsync();
        await server.VerifyAsync();

        Assert.Equal(
            [SmtpFailureKind.NotDeliverableHere, null, SmtpFailureKind.NotDeliverableHere, SmtpFailureKind.NotDeliverableHere, SmtpFailureKind.NotDeliverableHere],
            result.Recipients.Select(r => r.Failure));
        Assert.Contains("a line break", result.Recipients[0].Response.Content);
        Assert.DoesNotContain('\n', result.Recipients[0].Response.Content);
        Assert.Equal("5.1.3", result.Recipients[2].Response.Enhanced.ToString());
        Assert.Equal(SmtpFailureKind.NotDeliverableHere, badSender.Recipients[0].Failure);
        Assert.Equal("5.1.7", badSender.Recipients[0].Response.Enhanced.ToString());
    }

    [Theory, MemberData(nameof(Feeds))]
    public async Task MessageOverTheServersSize_IsNotOffered(Feed feed)
    {
        var server = TranscriptServer.Start("size-limit.txt", feed);
        await using var client = await SmtpClient.StartAsync(server.ClientStream, "mx.example.net", Options);

        var tooBig = await client.SendAsync(new SmtpEnvelope("sender@example.org", "a@example.net"), ClientTranscriptTests.First);
        var fits = await client.SendAsync(new SmtpEnvelope("sender@example.org", "a@example.net"), ClientTranscriptTests.Second);
        await client.QuitAsync();
        await server.VerifyAsync();

        Assert.Equal(SmtpFailureKind.NotDeliverableHere, tooBig.Recipients[0].Failure);
        Assert.Equal("552 5.3.4 Akka.Mta internal: the message is 97 bytes and the server's SIZE limit is 50", tooBig.Recipients[0].Response.ToSingleLine());
        Assert.True(fits.AllDelivered);
    }

    [Theory, MemberData(nameof(Feeds))]
    public async Task DataAnsweredWith250_IsAProtocolError_NotADelivery(Feed feed)
    {
        var server = TranscriptServer.Start("data-answered-250.txt", feed);
        await using var client = await SmtpClient.StartAsync(server.ClientStream, "mx.example.net", Options);

        var result = await client.SendAsync(new SmtpEnvelope("sender@example.org", "a@example.net"), ClientTranscriptTests.Second);
        await client.DisposeAsync();
        await server.VerifyAsync();

        Assert.Equal(SmtpFailureKind.ProtocolError, result.Recipients[0].Failure);
        Assert.Equal(new SmtpResponse(250, null, "Ok", "DATA"), result.Recipients[0].Response);
        Assert.Equal(SmtpClientState.Closed, client.State);
    }
}
