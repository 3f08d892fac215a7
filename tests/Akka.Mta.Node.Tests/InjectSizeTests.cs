using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Akka.Mta.Node.Hosting;
using Akka.Mta.Testing.SmtpServer;
using Microsoft.Extensions.Configuration;

namespace Akka.Mta.Node.Tests;

/// <summary>SMTP and <c>POST /api/inject/v1</c> take messages up to one limit, <c>Smtp:MaxMessageSize</c>.</summary>
public sealed class InjectSizeTests
{
    /// <summary>A message of about <paramref name="bytes"/> octets: headers, then 78-octet lines.</summary>
    private static string Message(int bytes)
    {
        var text = new StringBuilder(bytes + 200);
        text.Append("From: sender@example.org\r\nTo: someone@example.com\r\nSubject: big\r\n\r\n");
        var line = new string('a', 76) + "\r\n";
        while (text.Length < bytes)
        {
            text.Append(line);
        }
        return text.ToString();
    }

    private static JsonObject Inject(string content) => new()
    {
        ["envelope_sender"] = "sender@example.org",
        ["recipients"] = new JsonArray(new JsonObject { ["email"] = "someone@example.com" }),
        ["content"] = content,
    };

    private static Func<NodeOptions, NodeOptions> MaxMessageSize(string size) => o => o with
    {
        Smtp = NodeOptions.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection([new KeyValuePair<string, string?>("Smtp:MaxMessageSize", size)]).Build()).Smtp,
    };

    [Fact]
    public async Task A35MegabyteMessage_IsTakenByBothSmtpAndInject()
    {
        await using var node = await ThrowawayNode.StartAsync();
        var message = Message(35 * 1024 * 1024);

        await using (var smtp = await SmtpTestClient.ConnectAsync(node.Host.SmtpEndpoint))
        {
            await smtp.ExpectAsync(220);
            await smtp.CommandAsync("EHLO client.example", 250, "SIZE 52428800");
            await smtp.CommandAsync("MAIL FROM:<sender@example.org>", 250);
            await smtp.CommandAsync("RCPT TO:<someone@example.com>", 250);
            await smtp.CommandAsync("DATA", 354);
            await smtp.SendAsync(Encoding.ASCII.GetBytes(message + ".\r\n"), "35 MB of message");
            await smtp.ExpectAsync(250);
        }
        var inject = await node.Http.PostAsJsonAsync("/api/inject/v1", Inject(message));

        Assert.Equal(HttpStatusCode.OK, inject.StatusCode);
        Assert.Equal(1, (int)(await inject.Content.ReadFromJsonAsync<JsonObject>())!["success_count"]!);
    }

    [Fact]
    public async Task InjectOfAMessageOverTheLimit_Is413_NamingTheKey()
    {
        await using var node = await ThrowawayNode.StartAsync(configure: MaxMessageSize("1MB"));

        var response = await node.Http.PostAsJsonAsync("/api/inject/v1", Inject(Message(2 * 1024 * 1024)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("Smtp:MaxMessageSize", text, StringComparison.Ordinal);
        Assert.Contains("someone@example.com", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InjectBodyFarOverTheLimit_Is413_NamingTheKey()
    {
        await using var node = await ThrowawayNode.StartAsync(configure: MaxMessageSize("1MB"));

        var response = await node.Http.PostAsJsonAsync("/api/inject/v1", Inject(Message(4 * 1024 * 1024)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("Smtp:MaxMessageSize", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SmtpRefusesAMessageOverTheConfiguredLimit()
    {
        await using var node = await ThrowawayNode.StartAsync(configure: MaxMessageSize("1MB"));
        await using var smtp = await SmtpTestClient.ConnectAsync(node.Host.SmtpEndpoint);
        await smtp.ExpectAsync(220);

        await smtp.CommandAsync("EHLO client.example", 250, "SIZE 1048576");
        await smtp.CommandAsync("MAIL FROM:<sender@example.org> SIZE=2097152", 552);
    }
}
