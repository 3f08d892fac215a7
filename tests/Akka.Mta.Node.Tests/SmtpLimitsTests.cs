using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Akka.Mta.Node.Hosting;
using Akka.Mta.Testing.SmtpServer;
using Microsoft.Extensions.Configuration;

namespace Akka.Mta.Node.Tests;

/// <summary>The SMTP listener's limits come from <c>Smtp:*</c>, are checked at start, and reach the running listener.</summary>
public sealed class SmtpLimitsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();

    [Fact]
    public void Limits_AreReadFromConfiguration()
    {
        var smtp = NodeOptions.FromConfiguration(Config(
            ("Smtp:MaxConnections", "50"), ("Smtp:MaxConnectionsPerAddress", "5"), ("Smtp:MaxMessageSize", "40MB"),
            ("Smtp:MaxRecipients", "500"),
            ("Smtp:Timeouts:Command", "2m"), ("Smtp:Timeouts:Data", "90s"), ("Smtp:Timeouts:DataPhase", "15m"),
            ("Smtp:Timeouts:Session", "1h"), ("Smtp:Timeouts:TlsHandshake", "10s"),
            ("Smtp:RelayNetworks:0", "10.0.0.0/8"), ("Smtp:RelayNetworks:1", "192.0.2.7"),
            ("Smtp:RelayDomains", "example.com, .Example.NET"))).Smtp;

        Assert.Equal(50, smtp.MaxConnections);
        Assert.Equal(5, smtp.MaxConnectionsPerAddress);
        Assert.Equal(40L << 20, smtp.MaxMessageSize);
        Assert.Equal(500, smtp.MaxRecipients);
        Assert.Equal(TimeSpan.FromMinutes(2), smtp.CommandTimeout);
        Assert.Equal(TimeSpan.FromSeconds(90), smtp.DataTimeout);
        Assert.Equal(TimeSpan.FromMinutes(15), smtp.DataPhaseTimeout);
        Assert.Equal(TimeSpan.FromHours(1), smtp.SessionTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), smtp.TlsHandshakeTimeout);
        Assert.Equal([IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("192.0.2.7/32")], smtp.Relay.RelayNetworks);
        Assert.Equal(["example.com", ".example.net"], smtp.Relay.LocalDomains);
    }

    [Fact]
    public void WithoutSmtpKeys_TheServersDefaultsApply()
    {
        var smtp = NodeOptions.FromConfiguration(Config(("Smtp:Listen", "127.0.0.1:2525"))).Smtp;

        Assert.Equal(1000, smtp.MaxConnections);
        Assert.Equal(50L << 20, smtp.MaxMessageSize);
        Assert.Equal(TimeSpan.FromMinutes(10), smtp.DataPhaseTimeout);
        Assert.Equal([IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")], smtp.Relay.RelayNetworks);
    }

    [Theory]
    [InlineData("Smtp:MaxConnections", "-1", "Smtp:MaxConnections")]
    [InlineData("Smtp:MaxConnectionsPerAddress", "ten", "Smtp:MaxConnectionsPerAddress")]
    [InlineData("Smtp:MaxRecipients", "0", "Smtp:MaxRecipients")]
    [InlineData("Smtp:MaxMessageSize", "0", "Smtp:MaxMessageSize")]
    [InlineData("Smtp:MaxMessageSize", "huge", "Smtp:MaxMessageSize")]
    [InlineData("Smtp:Timeouts:Data", "forever", "Smtp:Timeouts:Data")]
    [InlineData("Smtp:Timeouts:DataPhase", "0", "Smtp:Timeouts:DataPhase")]
    [InlineData("Smtp:RelayNetworks", "10.1.2.3/8", "Smtp:RelayNetworks:0")]
    [InlineData("Smtp:RelayDomains", "example.com,not a domain", "Smtp:RelayDomains:1")]
    [InlineData("Smtp:MaxConnection", "5", "Smtp:MaxConnection")]
    [InlineData("Smtp:Timeouts:Idle", "5m", "Smtp:Timeouts:Idle")]
    public void BadValue_IsRefused_NamingTheKey(string key, string value, string named)
    {
        var e = Assert.Throws<NodeConfigurationException>(() => NodeOptions.FromConfiguration(Config((key, value))));

        Assert.Equal(named, e.Key);
        Assert.StartsWith($"configuration {named}: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PerAddressLimit_AboveTheTotal_IsRefused()
    {
        var e = Assert.Throws<NodeConfigurationException>(() => NodeOptions.FromConfiguration(
            Config(("Smtp:MaxConnections", "10"), ("Smtp:MaxConnectionsPerAddress", "20"))));

        Assert.Equal("Smtp:MaxConnectionsPerAddress", e.Key);
    }

    [Fact]
    public async Task Serve_WithABadSmtpLimit_ExitsAtStart_NamingTheKey()
    {
        var (exit, _, stderr) = await AkkaMtaProcess.RunAsync(
            ["serve", "--smtp-listen", "127.0.0.1:0", "--http-listen", "127.0.0.1:0", "--data-dir", Path.Combine(Path.GetTempPath(), "akka-mta-" + Guid.NewGuid().ToString("N"))],
            new Dictionary<string, string> { ["AKKAMTA__Smtp__MaxConnectionsPerAddress"] = "lots" });

        Assert.NotEqual(0, exit);
        Assert.Contains("Smtp:MaxConnectionsPerAddress", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfiguredPerAddressLimit_ReachesTheListener()
    {
        await using var node = await ThrowawayNode.StartAsync(configure: o => o with
        {
            Smtp = NodeOptions.FromConfiguration(Config(("Smtp:MaxConnectionsPerAddress", "1"))).Smtp,
        });
        await using var first = await SmtpTestClient.ConnectAsync(node.Host.SmtpEndpoint);
        await first.ExpectAsync(220);

        await using var second = await SmtpTestClient.ConnectAsync(node.Host.SmtpEndpoint);

        await second.ExpectAsync(421, "from your address");
    }

    /// <summary>
    /// A client that trickles its message a byte at a time never trips the 10-minute idle timeout;
    /// the configured 2-second whole-content deadline cuts it off. The test waits for the 421, not for time.
    /// </summary>
    [Fact]
    public async Task TricklingData_IsCutOff_ByTheConfiguredDataPhaseDeadline()
    {
        await using var node = await ThrowawayNode.StartAsync(configure: o => o with
        {
            Smtp = NodeOptions.FromConfiguration(Config(("Smtp:Timeouts:Data", "10m"), ("Smtp:Timeouts:DataPhase", "2s"))).Smtp,
        });
        await using var smtp = await SmtpTestClient.ConnectAsync(node.Host.SmtpEndpoint);
        await smtp.ExpectAsync(220);
        await smtp.CommandAsync("EHLO client.example", 250);
        await smtp.CommandAsync("MAIL FROM:<sender@example.org>", 250);
        await smtp.CommandAsync("RCPT TO:<someone@example.com>", 250);
        await smtp.CommandAsync("DATA", 354);

        var reply = Task.Run(() => smtp.ReadReplyAsync());
        var sent = 0;
        var until = DateTime.UtcNow + SmtpTestClient.Deadline;
        while (!reply.IsCompleted && DateTime.UtcNow < until)
        {
            try
            {
                await smtp.SendAsync("x");
            }
            catch (IOException)
            {
                break; // the server closed the connection after its reply
            }
            sent++;
            await Task.WhenAny(reply, Task.Delay(100)); // the trickle: one byte per tenth of a second
        }

        Assert.True(reply.IsCompleted, $"no reply within {SmtpTestClient.Deadline} after trickling {sent} bytes");
        Assert.StartsWith("421 4.4.2", await reply, StringComparison.Ordinal);
    }
}
