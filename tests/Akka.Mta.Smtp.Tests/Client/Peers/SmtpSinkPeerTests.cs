using System.Net;
using System.Text;
using Akka.Mta.Smtp.Client;
using Akka.Mta.Testing.Postfix;

namespace Akka.Mta.Smtp.Tests.Client.Peers;

/// <summary>The client against postfix's smtp-sink on a free loopback port.</summary>
public sealed class SmtpSinkPeerTests
{
    private static readonly SmtpClientOptions Options = new()
    {
        EhloDomain = "client.test",
        EnableTls = SmtpTlsMode.Opportunistic,
        Timeouts = SmtpTimeouts.All(TimeSpan.FromSeconds(60)),
    };

    private static readonly byte[] Message = Encoding.ASCII.GetBytes(
        "From: <sender@example.org>\r\nTo: <a@example.net>\r\nSubject: sink\r\n\r\n.dot at the start\nbare LF line\r\n..two dots\r\nend");

    [Fact]
    public async Task ManyMessages_OnOneConnection_ArriveIntact_WithPipelining()
    {
        await using var sink = await SmtpSinkProcess.StartAsync(new SmtpSinkOptions { DumpMessages = true });
        await using var client = await Connect(sink);
        Assert.True(client.Capabilities.Pipelining);

        for (var i = 0; i < 10; i++)
        {
            var result = await client.SendAsync(new SmtpEnvelope("sender@example.org", $"a{i}@example.net", $"b{i}@example.net"), Message);
            Assert.True(result.AllDelivered, string.Join("; ", result.Recipients));
        }
        await client.QuitAsync();

        var dumps = await sink.WaitForDumpsAsync(10, TimeSpan.FromSeconds(30));
        var expected = Encoding.ASCII.GetString(Message).Replace("\r\n", "\n") + "\n";
        Assert.All(dumps, d =>
        {
            Assert.StartsWith(expected, d.Message);
            Assert.Equal(2, d.RcptArgs.Count);
            Assert.Equal("<sender@example.org>", d.MailArgs); // smtp-sink offers no SIZE, so none is sent
        });
        Assert.Equal("client.test", dumps[0].HeloArgs);
    }

    [Fact]
    public async Task WithoutPipelining_CommandsGoOneAtATime_AndStillDeliver()
    {
        await using var sink = await SmtpSinkProcess.StartAsync(new SmtpSinkOptions { Pipelining = false, DumpMessages = true });
        await using var client = await Connect(sink);
        Assert.False(client.Capabilities.Pipelining);

        var first = await client.SendAsync(new SmtpEnvelope("sender@example.org", "a@example.net"), Message);
        var second = await client.SendAsync(new SmtpEnvelope("", "b@example.net"), Message);
        await client.QuitAsync();

        Assert.True(first.AllDelivered && second.AllDelivered);
        var dumps = await sink.WaitForDumpsAsync(2, TimeSpan.FromSeconds(30));
        Assert.Contains(dumps, d => d.MailArgs.StartsWith("<>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ServerWithoutEsmtp_GetsHelo()
    {
        await using var sink = await SmtpSinkProcess.StartAsync(new SmtpSinkOptions { Esmtp = false });
        await using var client = await Connect(sink);

        var result = await client.SendAsync(new SmtpEnvelope("sender@example.org", "a@example.net"), Message);
        await client.QuitAsync();

        Assert.True(client.UsedHelo);
        Assert.True(result.AllDelivered, string.Join("; ", result.Recipients));
    }

    [Fact]
    public async Task EightBitContent_IsNotSent_WhenTheSinkDoesNotOffer8BitMime()
    {
        await using var sink = await SmtpSinkProcess.StartAsync(new SmtpSinkOptions { EightBitMime = false });
        await using var client = await Connect(sink);

        var refused = await client.SendAsync(new SmtpEnvelope("sender@example.org", "a@example.net"), Encoding.UTF8.GetBytes("Subject: x\r\n\r\ndéjà vu\r\n"));
        var sent = await client.SendAsync(new SmtpEnvelope("sender@example.org", "a@example.net"), Message);
        await client.QuitAsync();

        Assert.Equal(SmtpFailureKind.NotDeliverableHere, refused.Recipients[0].Failure);
        Assert.True(sent.AllDelivered);
    }

    [Fact]
    public async Task SoftRejectedRecipients_AreTransient_AndTheConnectionStaysUsable()
    {
        await using var sink = await SmtpSinkProcess.StartAsync(new SmtpSinkOptions { SoftReject = ["RCPT"] });
        await using var client = await Connect(sink);

        var result = await client.SendAsync(new SmtpEnvelope("sender@example.org", "a@example.net", "b@example.net"), Message);

        Assert.All(result.Recipients, r =>
        {
            Assert.Equal(SmtpFailureKind.Transient, r.Failure);
            Assert.Equal(450, r.Response.Code);
            Assert.Equal("RCPT TO", r.Response.Command);
        });
        Assert.Equal(SmtpClientState.Ready, client.State);
        var again = await client.SendAsync(new SmtpEnvelope("sender@example.org", "c@example.net"), Message);
        Assert.Equal(SmtpFailureKind.Transient, again.Recipients[0].Failure);
        await client.QuitAsync();
    }

    [Fact]
    public async Task HardRejectedSender_IsPermanent_ForEveryRecipient()
    {
        await using var sink = await SmtpSinkProcess.StartAsync(new SmtpSinkOptions { HardReject = ["MAIL"] });
        await using var client = await Connect(sink);

        var result = await client.SendAsync(new SmtpEnvelope("sender@example.org", "a@example.net", "b@example.net"), Message);
        await client.QuitAsync();

        Assert.All(result.Recipients, r =>
        {
            Assert.Equal(SmtpFailureKind.Permanent, r.Failure);
            Assert.Equal("MAIL FROM", r.Response.Command);
        });
    }

    [Fact]
    public async Task A421ToRcpt_ClosesTheConnection_AndDefersEveryRecipient()
    {
        await using var sink = await SmtpSinkProcess.StartAsync(new SmtpSinkOptions { CloseWith421 = ["RCPT"] });
        await using var client = await Connect(sink);

        var result = await client.SendAsync(new SmtpEnvelope("sender@example.org", "a@example.net", "b@example.net"), Message);

        Assert.All(result.Recipients, r => Assert.Equal(SmtpFailureKind.Transient, r.Failure));
        Assert.Equal(421, result.ConnectionFailure!.Response.Code);
        Assert.Equal(SmtpClientState.Closed, client.State);
    }

    [Fact]
    public async Task DisconnectAfterTheDot_IsConnectionLost()
    {
        await using var sink = await SmtpSinkProcess.StartAsync(new SmtpSinkOptions { DisconnectAfter = ["."] });
        await using var client = await Connect(sink);

        var result = await client.SendAsync(new SmtpEnvelope("sender@example.org", "a@example.net"), Message);

        Assert.Equal(SmtpFailureKind.ConnectionLost, result.Recipients[0].Failure);
        Assert.Equal(SmtpClientState.Closed, client.State);
    }

    [Fact]
    public async Task NobodyListening_IsConnectionRefused()
    {
        var port = Loopback.FreePort();

        var error = await Assert.ThrowsAsync<SmtpClientException>(() =>
            SmtpClient.ConnectAsync("nobody.test", IPAddress.Loopback, Options with { Port = port }));

        Assert.Equal(SmtpFailureKind.ConnectionRefused, error.Failure.Kind);
        Assert.Contains($"127.0.0.1:{port}", error.Failure.Response.Content);
        Assert.True(error.Failure.Response.IsInternal);
    }

    [Fact]
    public async Task ConcurrentConnections_EachDeliverTheirShare()
    {
        await using var sink = await SmtpSinkProcess.StartAsync(new SmtpSinkOptions { DumpMessages = true });

        var delivered = await Task.WhenAll(Enumerable.Range(0, 8).Select(async c =>
        {
            await using var client = await Connect(sink);
            var count = 0;
            for (var i = 0; i < 5; i++)
            {
                count += (await client.SendAsync(new SmtpEnvelope("sender@example.org", $"c{c}m{i}@example.net"), Message)).DeliveredCount;
            }
            await client.QuitAsync();
            return count;
        }));

        Assert.Equal(40, delivered.Sum());
        Assert.Equal(40, (await sink.WaitForDumpsAsync(40, TimeSpan.FromSeconds(30))).Count);
    }

    private static Task<SmtpClient> Connect(SmtpSinkProcess sink) =>
        SmtpClient.ConnectAsync("smtp-sink.test", sink.EndPoint.Address, Options with { Port = sink.EndPoint.Port });
}
