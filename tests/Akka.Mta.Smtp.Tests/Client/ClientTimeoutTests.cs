using System.Net;
using System.Net.Sockets;
using Akka.Mta.Smtp.Client;
using Microsoft.Extensions.Time.Testing;

namespace Akka.Mta.Smtp.Tests.Client;

/// <summary>Per-step timeouts on a fake clock: each step fails after its own timeout, not before.</summary>
public sealed class ClientTimeoutTests
{
    private static readonly SmtpClientOptions Options = ClientTranscriptTests.Options with
    {
        Timeouts = SmtpTimeouts.All(TimeSpan.FromMinutes(5)) with { Banner = TimeSpan.FromSeconds(10), RcptTo = TimeSpan.FromSeconds(20) },
    };

    [Fact]
    public async Task SilentServer_FailsWithBannerTimeout_AfterTheBannerTimeout()
    {
        var clock = new FakeTimeProvider();
        var server = TranscriptServer.Start("silent-banner.txt", Feed.LineByLine);

        var start = SmtpClient.StartAsync(server.ClientStream, "mx.example.net", Options, clock);
        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.False(start.IsCompleted, "no timeout before the banner timeout has passed");
        clock.Advance(TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<SmtpClientException>(() => start);
        Assert.Equal(SmtpFailureKind.BannerTimeout, error.Failure.Kind);
        Assert.Contains("timed out after 10s", error.Failure.Response.Content);
        await server.VerifyAsync();
    }

    [Fact]
    public async Task ListenerThatNeverCompletesTheHandshake_FailsWithConnectTimeout()
    {
        // A listener with a full accept queue: Linux drops further SYNs, so connect hangs.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var endpoint = (IPEndPoint)listener.LocalEndPoint!;
        using var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await filler.ConnectAsync(endpoint);
        var clock = new FakeTimeProvider();
        var options = Options with { Port = endpoint.Port, Timeouts = Options.Timeouts with { Connect = TimeSpan.FromSeconds(15) } };

        var connect = SmtpClient.ConnectAsync("blackhole.test", IPAddress.Loopback, options, clock);
        clock.Advance(TimeSpan.FromSeconds(14));
        Assert.False(connect.IsCompleted, "no timeout before connect_timeout has passed");
        clock.Advance(TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<SmtpClientException>(() => connect.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(SmtpFailureKind.ConnectTimeout, error.Failure.Kind);
        Assert.Contains($"connect to 127.0.0.1:{endpoint.Port} (blackhole.test) timed out after 15s", error.Failure.Response.Content);
    }

    [Fact]
    public async Task ServerSilentAfterRcpt_FailsTheRecipientWithTimeout_AndClosesTheConnection()
    {
        var clock = new FakeTimeProvider();
        var server = TranscriptServer.Start("silent-after-rcpt.txt", Feed.LineByLine);
        await using var client = await SmtpClient.StartAsync(server.ClientStream, "mx.example.net", Options, clock);

        var send = client.SendAsync(new SmtpEnvelope("sender@example.org", "a@example.net"), ClientTranscriptTests.Second);
        await server.ScriptDone.WaitAsync(TimeSpan.FromSeconds(30));
        clock.Advance(TimeSpan.FromSeconds(19));
        Assert.False(send.IsCompleted, "no timeout before rcpt_to_timeout has passed");
        clock.Advance(TimeSpan.FromSeconds(1));

        var result = await send.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(SmtpFailureKind.Timeout, result.Recipients[0].Failure);
        Assert.Equal(SmtpFailureKind.Timeout, result.ConnectionFailure!.Kind);
        Assert.Contains("RCPT TO to mx.example.net timed out after 20s", result.ConnectionFailure.Response.Content);
        Assert.Equal(SmtpClientState.Closed, client.State);
        await server.VerifyAsync();
    }

    [Fact]
    public async Task CallerCancellation_IsAnOperationCanceledException_AndClosesTheConnection()
    {
        var server = TranscriptServer.Start("silent-after-rcpt.txt", Feed.LineByLine);
        await using var client = await SmtpClient.StartAsync(server.ClientStream, "mx.example.net", Options);
        using var cancel = new CancellationTokenSource();

        var send = client.SendAsync(new SmtpEnvelope("sender@example.org", "a@example.net"), ClientTranscriptTests.Second, cancel.Token);
        await server.ScriptDone.WaitAsync(TimeSpan.FromSeconds(30));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(SmtpClientState.Closed, client.State);
        await server.VerifyAsync();
    }
}
