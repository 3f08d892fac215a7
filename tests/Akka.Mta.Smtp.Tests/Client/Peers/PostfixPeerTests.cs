using System.Text;
using Akka.Mta.Smtp.Client;
using Akka.Mta.Testing.Postfix;

namespace Akka.Mta.Smtp.Tests.Client.Peers;

/// <summary>The client against a real postfix instance (the PostfixRelay fixture), relaying to aiosmtpd.</summary>
public sealed class PostfixPeerTests
{
    private static readonly SmtpClientOptions Options = new()
    {
        EhloDomain = "client.test",
        Timeouts = SmtpTimeouts.All(TimeSpan.FromSeconds(60)),
    };

    [Fact]
    public async Task MessagesRelayedThroughPostfix_ArriveAtTheNextHop_WithTheirContent()
    {
        await using var nextHop = await AiosmtpdPeer.StartAsync();
        await using var postfix = await PostfixRelay.StartAsync(relayTo: nextHop.EndPoint);
        await using var client = await SmtpClient.ConnectAsync("postfix.test", postfix.EndPoint.Address, Options with { Port = postfix.EndPoint.Port });
        Assert.True(client.Capabilities.Pipelining);
        Assert.True(client.Capabilities.EightBitMime);

        var first = await client.SendAsync(new SmtpEnvelope("sender@example.org", "one@example.net"),
            Encoding.UTF8.GetBytes("Subject: first\r\nMessage-ID: <first@client.test>\r\n\r\n.dot line\r\nplain line\r\n"));
        var second = await client.SendAsync(new SmtpEnvelope("sender@example.org", "two@example.net"),
            Encoding.UTF8.GetBytes("Subject: second\r\nMessage-ID: <second@client.test>\r\n\r\nnaïve 8-bit body\r\n"));
        await client.QuitAsync();

        Assert.True(first.AllDelivered && second.AllDelivered, string.Join("; ", first.Recipients.Concat(second.Recipients)));
        Assert.Contains("queued as", first.Recipients[0].Response.Content);
        await nextHop.WaitForMessageAsync(2);
        var arrived = nextHop.Messages().ToDictionary(m => m.RcptTos.Single(), m => Encoding.UTF8.GetString(m.Data));
        // postfix adds its own headers (Received, Date, From); the body must be byte for byte what was sent
        Assert.Contains("\r\nSubject: first\r\nMessage-ID: <first@client.test>\r\n", arrived["one@example.net"]);
        Assert.EndsWith("\r\n\r\n.dot line\r\nplain line\r\n", arrived["one@example.net"]);
        Assert.EndsWith("\r\n\r\nnaïve 8-bit body\r\n", arrived["two@example.net"]);
        Assert.Contains("from client.test", arrived["two@example.net"]);
    }

    [Fact]
    public async Task PostfixAccessMapRejections_AreClassifiedPerRecipient()
    {
        await using var postfix = await PostfixRelay.StartAsync(options: new PostfixRelayOptions
        {
            RecipientAccess = new Dictionary<string, string>
            {
                ["unknown@example.net"] = "550 5.1.1 no such user",
                ["busy@example.net"] = "450 4.2.1 mailbox busy",
            },
        });
        await using var client = await SmtpClient.ConnectAsync("postfix.test", postfix.EndPoint.Address, Options with { Port = postfix.EndPoint.Port });

        var result = await client.SendAsync(new SmtpEnvelope("sender@example.org", "unknown@example.net", "busy@example.net", "fine@example.net"),
            Encoding.ASCII.GetBytes("Subject: access\r\n\r\nbody\r\n"));
        var next = await client.SendAsync(new SmtpEnvelope("sender@example.org", "fine@example.net"), Encoding.ASCII.GetBytes("Subject: again\r\n\r\nbody\r\n"));
        await client.QuitAsync();

        Assert.Equal([SmtpFailureKind.Permanent, SmtpFailureKind.Transient, null], result.Recipients.Select(r => r.Failure));
        Assert.Equal("550 5.1.1 <unknown@example.net>: Recipient address rejected: no such user", result.Recipients[0].Response.ToSingleLine());
        Assert.Equal("4.2.1", result.Recipients[1].Response.Enhanced.ToString());
        Assert.True(next.AllDelivered);
        await postfix.WaitForLogAsync("status=sent (accepted by the test relay)", TimeSpan.FromSeconds(60), occurrences: 2);
    }
}
