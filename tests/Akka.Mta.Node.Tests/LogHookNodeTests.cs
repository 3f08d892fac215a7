using System.Net.Http.Json;
using Akka.Mta.Testing.Http;
using Akka.Mta.Testing.SmtpServer;

namespace Akka.Mta.Node.Tests;

/// <summary>A node as <c>serve</c> builds it publishes its records to a log hook the policy configures.</summary>
public sealed class LogHookNodeTests
{
    [Fact]
    public async Task Node_PostsReceptionRecords_ToThePolicysWebhook()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var node = await ThrowawayNode.StartAsync($$"""
            local mta = require 'mta'
            mta.configure_log_hook { name = 'node-events', per_record = { Reception = true }, webhook = { url = '{{receiver.Url}}' } }
            """);

        var inject = await node.Http.PostAsync("/api/inject/v1", JsonContent.Create(new
        {
            envelope_sender = "sender@example.org",
            recipients = new[] { new { email = "a@example.com" }, new { email = "b@example.com" } },
            content = "Subject: hooked\r\n\r\nbody\r\n",
        }));
        inject.EnsureSuccessStatusCode();

        await Eventually.HoldsAsync(() => receiver.Records.Count >= 2, "two Reception records at the webhook", TimeSpan.FromSeconds(60));
        Assert.Equal(["a@example.com", "b@example.com"], receiver.Records.Select(r => r.GetProperty("recipient").GetString()).Order());
        Assert.All(receiver.Records, r => Assert.Equal("Reception", r.GetProperty("type").GetString()));
    }
}
