using System.Net;
using System.Security.Authentication;
using System.Text;
using Akka.Mta.Smtp.Client;

namespace Akka.Mta.Smtp.Tests.Client.Peers;

/// <summary>The client against Python's aiosmtpd: STARTTLS with a self-signed certificate, AUTH PLAIN, SMTPUTF8.</summary>
public sealed class AiosmtpdPeerTests : IDisposable
{
    private const string Host = "peer.test";

    private static readonly SmtpClientOptions Options = new()
    {
        EhloDomain = "client.test",
        Timeouts = SmtpTimeouts.All(TimeSpan.FromSeconds(60)),
    };

    private static readonly byte[] Message = Encoding.ASCII.GetBytes("Subject: aiosmtpd\r\n\r\n.leading dot\nsecond line\r\n");

    private readonly TlsFiles _tls = new(Host);

    [Fact]
    public async Task PlainDelivery_ArrivesWithTheSameBytes_AndPerRecipientReplies()
    {
        await using var peer = await AiosmtpdPeer.StartAsync();
        await using var client = await Connect(peer, Options with { EnableTls = SmtpTlsMode.Disabled });

        var result = await client.SendAsync(new SmtpEnvelope("sender@example.org", "reject-1@example.net", "ok@example.net", "defer-1@example.net"), Message);
        await client.QuitAsync();

        Assert.Equal([SmtpFailureKind.Permanent, null, SmtpFailureKind.Transient], result.Recipients.Select(r => r.Failure));
        Assert.Equal("5.1.1", result.Recipients[0].Response.Enhanced.ToString());
        var arrived = await peer.WaitForMessageAsync();
        Assert.Equal(["ok@example.net"], arrived.RcptTos);
        Assert.Equal("Subject: aiosmtpd\r\n\r\n.leading dot\r\nsecond line\r\n", Encoding.ASCII.GetString(arrived.Data));
        Assert.False(arrived.Tls);
        Assert.Equal("client.test", arrived.Helo);
    }

    [Fact]
    public async Task OpportunisticInsecure_UsesStartTls_WithASelfSignedCertificate()
    {
        await using var peer = await AiosmtpdPeer.StartAsync(_tls);
        await using var client = await Connect(peer, Options with { EnableTls = SmtpTlsMode.OpportunisticInsecure });

        var result = await client.SendAsync(new SmtpEnvelope("sender@example.org", "ok@example.net"), Message);
        await client.QuitAsync();

        Assert.True(client.IsTls);
        Assert.False(client.TlsCertificateValid);
        Assert.True(client.TlsProtocol is SslProtocols.Tls12 or SslProtocols.Tls13);
        Assert.True(result.AllDelivered);
        Assert.True((await peer.WaitForMessageAsync()).Tls);
    }

    [Fact]
    public async Task Opportunistic_WithAnUntrustedCertificate_FailsTheConnection()
    {
        await using var peer = await AiosmtpdPeer.StartAsync(_tls);

        var error = await Assert.ThrowsAsync<SmtpClientException>(() => Connect(peer, Options with { EnableTls = SmtpTlsMode.Opportunistic }));

        Assert.Equal(SmtpFailureKind.TlsFailure, error.Failure.Kind);
        Assert.Contains("TLS handshake with peer.test failed", error.Failure.Response.Content);
    }

    [Fact]
    public async Task Opportunistic_WithReconnectOnFailedHandshake_DeliversInPlainText()
    {
        await using var peer = await AiosmtpdPeer.StartAsync(_tls);
        await using var client = await Connect(peer, Options with
        {
            EnableTls = SmtpTlsMode.Opportunistic,
            OpportunisticTlsReconnectOnFailedHandshake = true,
        });

        var result = await client.SendAsync(new SmtpEnvelope("sender@example.org", "ok@example.net"), Message);
        await client.QuitAsync();

        Assert.False(client.IsTls);
        Assert.True(result.AllDelivered);
        Assert.False((await peer.WaitForMessageAsync()).Tls);
    }

    [Fact]
    public async Task Required_WhenStartTlsIsNotOffered_FailsTheConnection()
    {
        await using var peer = await AiosmtpdPeer.StartAsync();

        var error = await Assert.ThrowsAsync<SmtpClientException>(() => Connect(peer, Options with { EnableTls = SmtpTlsMode.RequiredInsecure }));

        Assert.Equal(SmtpFailureKind.TlsFailure, error.Failure.Kind);
        Assert.Contains("does not offer STARTTLS", error.Failure.Response.Content);
    }

    [Fact]
    public async Task Required_WithAnUntrustedCertificate_FailsTheConnection()
    {
        await using var peer = await AiosmtpdPeer.StartAsync(_tls, requireTls: true);

        var error = await Assert.ThrowsAsync<SmtpClientException>(() => Connect(peer, Options with { EnableTls = SmtpTlsMode.Required }));

        Assert.Equal(SmtpFailureKind.TlsFailure, error.Failure.Kind);
    }

    [Fact]
    public async Task AuthPlain_OverTls_Authenticates_AndTheRelaySeesTheUser()
    {
        await using var peer = await AiosmtpdPeer.StartAsync(_tls, requireTls: true, auth: ("relay-user", "s3cret"));
        await using var client = await Connect(peer, Options with
        {
            EnableTls = SmtpTlsMode.RequiredInsecure,
            AuthPlain = new SmtpCredentials("relay-user", "s3cret"),
            AllowAuthPlainWithoutValidCertificate = true,
        });

        var result = await client.SendAsync(new SmtpEnvelope("sender@example.org", "ok@example.net"), Message);
        await client.QuitAsync();

        Assert.True(client.IsAuthenticated);
        Assert.True(result.AllDelivered);
        Assert.Equal("relay-user", (await peer.WaitForMessageAsync()).Auth);
    }

    [Fact]
    public async Task AuthPlain_WithAWrongPassword_IsAPermanentFailureOfTheConnection()
    {
        await using var peer = await AiosmtpdPeer.StartAsync(_tls, requireTls: true, auth: ("relay-user", "s3cret"));

        var error = await Assert.ThrowsAsync<SmtpClientException>(() => Connect(peer, Options with
        {
            EnableTls = SmtpTlsMode.RequiredInsecure,
            AuthPlain = new SmtpCredentials("relay-user", "wrong"),
            AllowAuthPlainWithoutValidCertificate = true,
        }));

        Assert.Equal(SmtpFailureKind.Permanent, error.Failure.Kind);
        Assert.Equal(535, error.Failure.Response.Code);
        Assert.Equal("AUTH", error.Failure.Response.Command);
    }

    [Fact]
    public async Task AuthPlain_IsNotSent_OverAnUnvalidatedCertificate_UnlessAllowed()
    {
        await using var peer = await AiosmtpdPeer.StartAsync(_tls, requireTls: true, auth: ("relay-user", "s3cret"));

        var error = await Assert.ThrowsAsync<SmtpClientException>(() => Connect(peer, Options with
        {
            EnableTls = SmtpTlsMode.RequiredInsecure,
            AuthPlain = new SmtpCredentials("relay-user", "s3cret"),
        }));

        Assert.Equal(SmtpFailureKind.NotDeliverableHere, error.Failure.Kind);
        Assert.Contains("allow_smtp_auth_plain_without_valid_certificate", error.Failure.Response.Content);
    }

    [Fact]
    public async Task Utf8Recipient_IsSentWithSmtpUtf8()
    {
        await using var peer = await AiosmtpdPeer.StartAsync();
        await using var client = await Connect(peer, Options with { EnableTls = SmtpTlsMode.Disabled });
        Assert.True(client.Capabilities.SmtpUtf8);

        var result = await client.SendAsync(new SmtpEnvelope("expéditeur@exemple.fr", "josé@exemple.fr"), Encoding.UTF8.GetBytes("Subject: café\r\n\r\ncrème\r\n"));
        await client.QuitAsync();

        Assert.True(result.AllDelivered, string.Join("; ", result.Recipients));
        var arrived = await peer.WaitForMessageAsync();
        Assert.Equal(["josé@exemple.fr"], arrived.RcptTos);
        Assert.Equal("expéditeur@exemple.fr", arrived.MailFrom);
        Assert.Contains("SMTPUTF8", arrived.MailOptions);
        Assert.Contains("BODY=8BITMIME", arrived.MailOptions);
        Assert.Equal("Subject: café\r\n\r\ncrème\r\n", Encoding.UTF8.GetString(arrived.Data));
    }

    [Fact]
    public async Task SourceAddress_IsTheAddressThePeerSees()
    {
        await using var peer = await AiosmtpdPeer.StartAsync();
        await using var client = await Connect(peer, Options with { EnableTls = SmtpTlsMode.Disabled, SourceAddress = IPAddress.Parse("127.0.0.2") });

        await client.SendAsync(new SmtpEnvelope("sender@example.org", "ok@example.net"), Message);
        await client.QuitAsync();

        Assert.Equal(IPAddress.Parse("127.0.0.2"), client.LocalEndPoint!.Address);
        Assert.Equal("127.0.0.2", (await peer.WaitForMessageAsync()).Peer);
    }

    public void Dispose() => _tls.Dispose();

    private static Task<SmtpClient> Connect(AiosmtpdPeer peer, SmtpClientOptions options) =>
        SmtpClient.ConnectAsync(Host, peer.EndPoint.Address, options with { Port = peer.EndPoint.Port });
}
