using System.Net;
using Akka.Mta.Core.Smtp;
using Akka.Mta.Smtp.Protocol;
using Akka.Mta.Smtp.Server;

namespace Akka.Mta.Smtp.Tests.Server;

/// <summary>Connection limits, recipients, relay control, timeouts from the heartbeat, and policy hooks.</summary>
public sealed class LimitsTranscriptTests
{
    private static SmtpServerOptions Options => new() { HostName = "mx.test", Relay = RelayOptions.Open };

    [Fact]
    public async Task ConnectionsOverTheGlobalLimit_Get421_UntilOneCloses()
    {
        using var server = new InMemorySmtpServer(Options with { MaxConnections = 2 });
        await using var a = server.Connect("192.0.2.1:1");
        await using var b = server.Connect("192.0.2.2:1");
        await a.Client.ExpectAsync(220);
        await b.Client.ExpectAsync(220);
        var c = server.Connect("192.0.2.3:1");
        await c.Client.ExpectAsync(421, "4.7.0 Too many connections");
        await c.Client.ExpectClosedAsync();
        await c.DisposeAsync();
        await a.Client.CommandAsync("QUIT", 221);
        await a.SessionEndedAsync();
        await using var d = server.Connect("192.0.2.4:1");
        await d.Client.ExpectAsync(220);
    }

    [Fact]
    public async Task ConnectionsOverThePerAddressLimit_Get421_OthersStillConnect()
    {
        using var server = new InMemorySmtpServer(Options with { MaxConnectionsPerAddress = 1 });
        await using var a = server.Connect("192.0.2.1:1");
        await a.Client.ExpectAsync(220);
        await using var b = server.Connect("192.0.2.1:2");
        await b.Client.ExpectAsync(421, "from your address");
        await using var other = server.Connect("[::ffff:192.0.2.9]:1");
        await other.Client.ExpectAsync(220);
    }

    [Fact]
    public async Task RecipientsOverTheLimit_Get452()
    {
        using var server = new InMemorySmtpServer(Options with { MaxRecipients = 2 });
        await using var c = server.Connect();
        await c.Client.ExpectAsync(220);
        await c.Client.SendLinesAsync("EHLO c", "MAIL FROM:<s@example.org>", "RCPT TO:<a@example.com>", "RCPT TO:<b@example.com>", "RCPT TO:<c@example.com>");
        await c.Client.ExpectAsync(250);
        await c.Client.ExpectAsync(250);
        await c.Client.ExpectAsync(250);
        await c.Client.ExpectAsync(250);
        await c.Client.ExpectAsync(452, "4.5.3 Too many recipients");
    }

    [Fact]
    public async Task Relay_IsDeniedForForeignDomains_FromClientsOutsideTheRelayNetworks()
    {
        var relay = new RelayOptions { LocalDomains = ["local.example", ".sub.example"], RelayNetworks = [IPNetwork.Parse("10.0.0.0/8")] };
        using var server = new InMemorySmtpServer(Options with { Relay = relay });
        await using var outsider = server.Connect("192.0.2.10:1");
        await outsider.Client.ExpectAsync(220);
        await outsider.Client.SendLinesAsync("EHLO c", "MAIL FROM:<s@example.org>", "RCPT TO:<a@foreign.example>", "RCPT TO:<a@local.example>", "RCPT TO:<a@x.sub.example>", "RCPT TO:<postmaster>");
        await outsider.Client.ExpectAsync(250);
        await outsider.Client.ExpectAsync(250);
        await outsider.Client.ExpectAsync(550, "5.7.1 Relay access denied");
        await outsider.Client.ExpectAsync(250);
        await outsider.Client.ExpectAsync(250);
        await outsider.Client.ExpectAsync(250);
        await using var insider = server.Connect("10.1.2.3:1");
        await insider.Client.ExpectAsync(220);
        await insider.Client.SendLinesAsync("EHLO c", "MAIL FROM:<s@example.org>", "RCPT TO:<a@foreign.example>");
        await insider.Client.ExpectAsync(250);
        await insider.Client.ExpectAsync(250);
        await insider.Client.ExpectAsync(250);
    }

    [Fact]
    public async Task IdleClient_GetsTheTimeoutReply_FromTheHeartbeat()
    {
        using var server = new InMemorySmtpServer(Options with { CommandTimeout = TimeSpan.FromMinutes(5) });
        await using var c = server.Connect();
        await c.Client.ExpectAsync(220);
        await c.Client.CommandAsync("EHLO c", 250);
        server.Time.Advance(TimeSpan.FromMinutes(4));
        await c.Client.CommandAsync("NOOP", 250);
        server.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        await c.Client.ExpectAsync(421, "4.4.2 Timeout exceeded");
        await c.Client.ExpectClosedAsync();
    }

    [Fact]
    public async Task ClientStalledInData_GetsTheTimeoutReply_AndNothingIsStored()
    {
        using var server = new InMemorySmtpServer(Options with { DataTimeout = TimeSpan.FromMinutes(3) });
        await using var c = server.Connect();
        await c.Client.ExpectAsync(220);
        await c.Client.SendLinesAsync("EHLO c", "MAIL FROM:<s@example.org>", "RCPT TO:<a@example.com>", "DATA");
        for (var i = 0; i < 3; i++)
        {
            await c.Client.ExpectAsync(250);
        }
        await c.Client.ExpectAsync(354);
        await c.Client.SendAsync("Subject: slow\r\n");
        server.Time.Advance(TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(1));
        await c.Client.ExpectAsync(421, "4.4.2");
        await c.Client.ExpectClosedAsync();
        Assert.Equal(0, server.Sink.Calls);
    }

    /// <summary>
    /// A client that sends a byte now and then never trips the idle data timeout (10 minutes here);
    /// the whole-content deadline (1 minute) cuts it off. Each step stays far inside the idle
    /// timeout, so only the whole-content deadline can end it, whenever the server reads the bytes.
    /// </summary>
    [Fact]
    public async Task TricklingData_IsCutOff_ByTheDataPhaseDeadline_AndNothingIsStored()
    {
        using var server = new InMemorySmtpServer(Options with { DataTimeout = TimeSpan.FromMinutes(10), DataPhaseTimeout = TimeSpan.FromMinutes(1) });
        await using var c = server.Connect();
        await c.Client.ExpectAsync(220);
        await c.Client.SendLinesAsync("EHLO c", "MAIL FROM:<s@example.org>", "RCPT TO:<a@example.com>", "DATA");
        for (var i = 0; i < 3; i++)
        {
            await c.Client.ExpectAsync(250);
        }
        await c.Client.ExpectAsync(354);
        foreach (var b in "Subj")
        {
            await c.Client.SendAsync(b.ToString());
            server.Time.Advance(TimeSpan.FromSeconds(20));
        }
        await c.Client.ExpectAsync(421, "4.4.2");
        await c.Client.ExpectClosedAsync();
        Assert.Equal(0, server.Sink.Calls);
    }

    [Fact]
    public async Task TheDataPhaseDeadline_StartsAgain_ForEachMessage()
    {
        using var server = new InMemorySmtpServer(Options with { DataPhaseTimeout = TimeSpan.FromMinutes(1) });
        await using var c = server.Connect();
        await c.Client.ExpectAsync(220);
        await c.Client.CommandAsync("EHLO c", 250);
        for (var m = 0; m < 2; m++)
        {
            await c.Client.CommandAsync("MAIL FROM:<s@example.org>", 250);
            await c.Client.CommandAsync("RCPT TO:<a@example.com>", 250);
            await c.Client.CommandAsync("DATA", 354);
            server.Time.Advance(TimeSpan.FromSeconds(40));
            await c.Client.SendAsync("Subject: m\r\n\r\nbody\r\n.\r\n");
            await c.Client.ExpectAsync(250);
        }
        Assert.Equal(2, server.Sink.Calls);
    }

    [Fact]
    public async Task SessionLongerThanTheTotalLimit_IsEnded_HoweverBusy()
    {
        using var server = new InMemorySmtpServer(Options with { SessionTimeout = TimeSpan.FromMinutes(10) });
        await using var c = server.Connect();
        await c.Client.ExpectAsync(220);
        for (var i = 0; i < 3; i++)
        {
            server.Time.Advance(TimeSpan.FromMinutes(3));
            await c.Client.CommandAsync("NOOP", 250);
        }
        server.Time.Advance(TimeSpan.FromMinutes(2));
        await c.Client.ExpectAsync(421, "4.4.2");
    }

    [Fact]
    public async Task PolicyHooks_RejectAtEhloMailAndRcpt_And421Closes()
    {
        using var server = new InMemorySmtpServer(Options, s => s with { Policy = new PickyPolicy() });
        await using var c = server.Connect();
        await c.Client.ExpectAsync(220);
        await c.Client.CommandAsync("EHLO spammer.example", 554, "5.7.1 go away");
        await c.Client.CommandAsync("EHLO c", 250);
        await c.Client.CommandAsync("MAIL FROM:<bad@example.org>", 553, "5.7.1 sender blocked");
        await c.Client.CommandAsync("MAIL FROM:<s@example.org>", 250);
        await c.Client.CommandAsync("RCPT TO:<full@example.com>", 452, "4.2.2 mailbox full");
        await c.Client.CommandAsync("RCPT TO:<a@example.com>", 250);
        await c.Client.CommandAsync("RCPT TO:<close@example.com>", 421, "4.7.0 bye");
        await c.Client.ExpectClosedAsync();
    }

    [Fact]
    public async Task PolicyRefusingTheConnection_ReplacesTheGreeting_AndAThrowingHookGives451()
    {
        using var server = new InMemorySmtpServer(Options, s => s with { Policy = new PickyPolicy() });
        await using var refused = server.Connect("198.51.100.1:1");
        await refused.Client.ExpectAsync(554, "blocked address");
        await refused.Client.ExpectClosedAsync();
        await using var c = server.Connect();
        await c.Client.ExpectAsync(220);
        await c.Client.CommandAsync("EHLO c", 250);
        await c.Client.CommandAsync("MAIL FROM:<throw@example.org>", 451, "4.3.0");
    }

    private sealed class PickyPolicy : ISmtpSessionPolicy
    {
        public ValueTask<PolicyDecision> OnConnectAsync(SmtpSessionInfo session, CancellationToken cancellationToken) =>
            ValueTask.FromResult(session.ClientAddress!.ToString() == "198.51.100.1" ? Reject(554, "5.7.1", "blocked address") : PolicyDecision.Accept);

        public async ValueTask<PolicyDecision> OnEhloAsync(SmtpSessionInfo session, string clientName, CancellationToken cancellationToken)
        {
            await Task.Yield();
            return clientName.StartsWith("spammer", StringComparison.Ordinal) ? Reject(554, "5.7.1", "go away") : PolicyDecision.Accept;
        }

        public ValueTask<PolicyDecision> OnMailFromAsync(SmtpSessionInfo session, MailCommand mail, CancellationToken cancellationToken) =>
            mail.Sender?.LocalPart switch
            {
                "bad" => ValueTask.FromResult(Reject(553, "5.7.1", "sender blocked")),
                "throw" => throw new InvalidOperationException("policy bug"),
                _ => PolicyDecision.AcceptTask,
            };

        public ValueTask<PolicyDecision> OnRcptToAsync(SmtpSessionInfo session, ReceivedEnvelope envelope, RcptCommand rcpt, CancellationToken cancellationToken) =>
            ValueTask.FromResult(rcpt.Recipient.LocalPart switch
            {
                "full" => Reject(452, "4.2.2", "mailbox full"),
                "close" => Reject(421, "4.7.0", "bye"),
                _ => PolicyDecision.Accept,
            });

        private static PolicyDecision Reject(int code, string enhanced, string text) =>
            PolicyDecision.Reject(new SmtpResponse(code, EnhancedStatusCode.Parse(enhanced), text));
    }
}

public sealed class ServerOptionsTests
{
    [Theory]
    [InlineData(100, 1000, "MaxCommandLineLength")]
    [InlineData(2048, 80, "MaxDataLineLength")]
    public void NonsenseOptions_AreRefusedByName(int commandLine, int dataLine, string option)
    {
        var options = new SmtpServerOptions { MaxCommandLineLength = commandLine, MaxDataLineLength = dataLine };
        var error = Assert.Throws<ArgumentException>(() => new SmtpConnectionHandler(options, new SmtpServerServices(new RecordingSink())));
        Assert.Contains(option, error.Message);
    }

    [Fact]
    public async Task InfiniteTimeouts_MeanNoDeadline()
    {
        using var server = new InMemorySmtpServer(new SmtpServerOptions
        {
            HostName = "mx.test",
            CommandTimeout = Timeout.InfiniteTimeSpan,
            SessionTimeout = TimeSpan.MaxValue,
            HeartbeatInterval = TimeSpan.FromDays(1), // the fake clock fires a periodic timer once per period
        });
        await using var c = server.Connect();
        await c.Client.ExpectAsync(220);
        server.Time.Advance(TimeSpan.FromDays(3650));
        await c.Client.CommandAsync("NOOP", 250);
    }
}
