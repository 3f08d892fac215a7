using System.Net;
using System.Net.Http.Json;
using Akka.Mta.Testing.SmtpServer;

namespace Akka.Mta.Node.Tests;

/// <summary>A node whose disk is "too full" (a minimum free space above what the disk has) refuses new mail and says why.</summary>
public sealed class StorageGuardTests
{
    [Fact]
    public async Task StorageTooFull_LivenessIs503_InjectIs503_AndSmtpRefusesMailFromWith452()
    {
        await using var node = await ThrowawayNode.StartAsync(configure: o => o with { SpoolMinFreeBytes = long.MaxValue / 2 });

        var liveness = await node.Http.GetAsync("/api/check-liveness/v1");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, liveness.StatusCode);
        Assert.StartsWith("storage is too full: ", await liveness.Content.ReadAsStringAsync());
        Assert.Contains("Spool:MinFreeSpace", await liveness.Content.ReadAsStringAsync());

        var inject = await node.Http.PostAsJsonAsync("/api/inject/v1", new
        {
            envelope_sender = "sender@example.org",
            recipients = new[] { new { email = "rcpt@example.com" } },
            content = "Subject: x\r\n\r\nbody\r\n",
        });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, inject.StatusCode);
        Assert.Contains("try again later", await inject.Content.ReadAsStringAsync());

        await using var smtp = await SmtpTestClient.ConnectAsync(node.Host.SmtpEndpoint);
        await smtp.ExpectAsync(220);
        await smtp.CommandAsync("EHLO client.example", 250);
        await smtp.CommandAsync("MAIL FROM:<sender@example.org>", 452, "4.3.1 Insufficient system storage");
        await smtp.CommandAsync("QUIT", 221);
    }

    [Fact]
    public async Task EnoughRoom_MailIsTaken()
    {
        await using var node = await ThrowawayNode.StartAsync(configure: o => o with { SpoolMinFreeBytes = 1 });

        Assert.Equal(HttpStatusCode.OK, (await node.Http.GetAsync("/api/check-liveness/v1")).StatusCode);
        await using var smtp = await SmtpTestClient.ConnectAsync(node.Host.SmtpEndpoint);
        await smtp.ExpectAsync(220);
        await smtp.CommandAsync("EHLO client.example", 250);
        await smtp.CommandAsync("MAIL FROM:<sender@example.org>", 250);
    }
}
