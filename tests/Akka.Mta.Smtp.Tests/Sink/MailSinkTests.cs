using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Akka.Mta.Smtp.Server;
using Akka.Mta.Smtp.Sink;
using Akka.Mta.Smtp.Tests.Server;
using Akka.Mta.Testing.SmtpServer;
using Akka.Mta.Toml;

namespace Akka.Mta.Smtp.Tests.Sink;

/// <summary>The sink's replies from magic local parts and the reply file, and its stats.</summary>
public sealed class MailSinkTests
{
    private const string Rules = """
        [[reply]]
        recipient = '@yahoo\.example$'
        code = 421
        enhanced = "4.7.0"
        text = "[TS04] Messages from 192.0.2.1 temporarily deferred"

        [[reply]]
        recipient = '^gmail-.*@'
        at = "DATA"
        code = 550
        enhanced = "5.7.26"
        text = "Unauthenticated email is not accepted"

        [[reply]]
        recipient = '@comcast\.example$'
        at = "RCPT"
        code = 554
        text = "RL0000 blocked"
        """;

    private static InMemorySmtpServer SinkServer(out MailSink sink, string rules = Rules)
    {
        MailSink? made = null;
        var server = new InMemorySmtpServer(new SmtpServerOptions { HostName = "sink.test", Relay = RelayOptions.Open }, s =>
        {
            made = new MailSink(ReplyRules.FromToml(rules, "replies.toml"), s.Time);
            return s with { Sink = made, Policy = made };
        });
        sink = made!;
        return server;
    }

    private static async Task<InMemoryConnection> MailAsync(InMemorySmtpServer server)
    {
        var c = server.Connect();
        await c.Client.ExpectAsync(220);
        await c.Client.SendLinesAsync("EHLO c", "MAIL FROM:<s@example.org>");
        await c.Client.ExpectAsync(250);
        await c.Client.ExpectAsync(250);
        return c;
    }

    [Theory]
    [InlineData("tempfail@example.com", 451, "4.3.0")]
    [InlineData("TempFail+7@example.com", 451, "4.3.0")]
    [InlineData("permfail@example.com", 550, "5.1.1")]
    [InlineData("reply-452-4.2.2@example.com", 452, "4.2.2")]
    [InlineData("reply-554-5.7.1@example.com", 554, "5.7.1")]
    [InlineData("someone@yahoo.example", 421, "4.7.0 [TS04] Messages from 192.0.2.1 temporarily deferred")]
    [InlineData("a@comcast.example", 554, "RL0000 blocked")]
    [InlineData("reply-9-x@example.com", 250, "2.1.5")]
    [InlineData("ordinary@example.com", 250, "2.1.5")]
    public async Task Recipient_GetsTheReplyItAsksFor(string recipient, int code, string text)
    {
        using var server = SinkServer(out var sink);
        await using var c = await MailAsync(server);
        await c.Client.CommandAsync($"RCPT TO:<{recipient}>", code, text);
        Assert.Equal(1, sink.Stats.ByReplyCode[code]);
    }

    [Fact]
    public async Task TempfailN_RefusesThatAddressNTimes_ThenAccepts()
    {
        using var server = SinkServer(out var sink);
        await using var c = await MailAsync(server);
        await c.Client.CommandAsync("RCPT TO:<tempfail-2+a@example.com>", 451, "4.3.0");
        await c.Client.CommandAsync("RCPT TO:<tempfail-2+b@example.com>", 451, "4.3.0");
        await c.Client.CommandAsync("RCPT TO:<TEMPFAIL-2+a@example.com>", 451, "4.3.0");
        await c.Client.CommandAsync("RCPT TO:<tempfail-2+a@example.com>", 250, "2.1.5");
        Assert.Equal(3, sink.Stats.ByReplyCode[451]);
    }

    [Fact]
    public async Task FourTwentyOneClose_RepliesAndDisconnects()
    {
        using var server = SinkServer(out _);
        await using var c = await MailAsync(server);
        await c.Client.CommandAsync("RCPT TO:<421-close@example.com>", 421, "4.3.2");
        await c.Client.ExpectClosedAsync();
    }

    [Fact]
    public async Task DataRule_RefusesTheMessageAtTheEndOfData()
    {
        using var server = SinkServer(out var sink);
        await using var c = await MailAsync(server);
        await c.Client.SendLinesAsync("RCPT TO:<gmail-user@example.com>", "DATA");
        await c.Client.ExpectAsync(250);
        await c.Client.ExpectAsync(354);
        await c.Client.SendLinesAsync("x", ".");
        await c.Client.ExpectAsync(550, "5.7.26 Unauthenticated email");
        Assert.Equal(0, sink.Stats.Messages);
    }

    [Fact]
    public async Task SlowRecipient_WaitsForTheClockBeforeReplying()
    {
        using var server = SinkServer(out var sink);
        await using var c = await MailAsync(server);
        await c.Client.SendLinesAsync("RCPT TO:<slow-2000@example.com>");
        await Eventually.HoldsAsync(() => sink.WaitingReplies == 1, "the sink to hold back the slow recipient's reply");
        Assert.False(c.Client.HasPendingReply, "the slow recipient was answered before its delay passed");
        server.Time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.False(c.Client.HasPendingReply, "the slow recipient was answered before its delay passed");
        server.Time.Advance(TimeSpan.FromMilliseconds(1));
        await c.Client.ExpectAsync(250);
    }

    [Fact]
    public async Task Stats_CountMessagesRecipientsAndPeakConcurrencyExactly()
    {
        using var server = SinkServer(out var sink);
        var open = new List<InMemoryConnection>();
        for (var i = 0; i < 5; i++)
        {
            var c = server.Connect($"127.0.0.{i + 1}:1000");
            await c.Client.ExpectAsync(220);
            open.Add(c);
        }
        foreach (var c in open)
        {
            await c.Client.SendLinesAsync("EHLO c", "MAIL FROM:<s@example.org>", "RCPT TO:<a@example.com>", "RCPT TO:<b@other.example>", "RCPT TO:<tempfail@example.com>", "DATA");
            for (var i = 0; i < 5; i++)
            {
                await c.Client.ExpectAsync(i == 4 ? 451 : 250);
            }
            await c.Client.ExpectAsync(354);
            await c.Client.SendLinesAsync("x", ".", "QUIT");
            await c.Client.ExpectAsync(250);
            await c.Client.ExpectAsync(221);
            await c.DisposeAsync();
        }
        await using (var late = server.Connect())
        {
            await late.Client.ExpectAsync(220);
        }
        Assert.Equal(5, sink.Stats.Messages);
        Assert.Equal(10, sink.Stats.Recipients);
        Assert.Equal(6, sink.Stats.Connections);
        Assert.Equal(5, sink.Stats.PeakConcurrentConnections);
        Assert.Equal(0, sink.Stats.CurrentConnections);
        using var json = JsonDocument.Parse(sink.Stats.ToJson());
        var root = json.RootElement;
        Assert.Equal(5, root.GetProperty("per_second").GetProperty("2026-11-23T10:00:00Z").GetInt32());
        Assert.Equal(10, root.GetProperty("by_reply_code").GetProperty("250").GetInt32() - 5);
        Assert.Equal(5, root.GetProperty("by_reply_code").GetProperty("451").GetInt32());
        Assert.Equal(5, root.GetProperty("by_domain").GetProperty("other.example").GetInt32());
    }

    [Fact]
    public async Task StatsPerSecond_AreKeyedByTheWallClockSecond()
    {
        using var server = SinkServer(out var sink);
        await using var c = server.Connect();
        await c.Client.ExpectAsync(220);
        await c.Client.CommandAsync("EHLO c", 250);
        foreach (var advance in new[] { 0, 0, 1000, 2500 })
        {
            server.Time.Advance(TimeSpan.FromMilliseconds(advance));
            await c.Client.SendLinesAsync("MAIL FROM:<s@example.org>", "RCPT TO:<a@example.com>", "DATA");
            await c.Client.ExpectAsync(250);
            await c.Client.ExpectAsync(250);
            await c.Client.ExpectAsync(354);
            await c.Client.SendLinesAsync("x", ".");
            await c.Client.ExpectAsync(250);
        }
        using var json = JsonDocument.Parse(sink.Stats.ToJson());
        var perSecond = json.RootElement.GetProperty("per_second").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["2026-11-23T10:00:00Z"] = 2, ["2026-11-23T10:00:01Z"] = 1, ["2026-11-23T10:00:03Z"] = 1 }, perSecond);
    }

    [Fact]
    public async Task Host_DisposedTwice_StopsOnce()
    {
        var host = await MailSinkHost.StartAsync(new MailSinkOptions { Http = new IPEndPoint(IPAddress.Loopback, 0) });
        await host.DisposeAsync();

        await host.DisposeAsync(); // a test that stops its sink early is disposed again by its harness

        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => SmtpTestClient.ConnectAsync(host.SmtpEndpoint));
    }

    [Fact]
    public async Task Host_ServesStatsOverHttp_AndTakesMailOnARealSocket()
    {
        await using var host = await MailSinkHost.StartAsync(new MailSinkOptions { Http = new IPEndPoint(IPAddress.Loopback, 0), Tls = true });
        await using (var client = await SmtpTestClient.ConnectAsync(host.SmtpEndpoint))
        {
            await client.ExpectAsync(220, "Akka.Mta sink");
            await client.CommandAsync("EHLO c", 250, "STARTTLS");
            await client.CommandAsync("STARTTLS", 220);
            await client.StartTlsAsync();
            await client.SendLinesAsync("EHLO c", "MAIL FROM:<s@example.org>", "RCPT TO:<a@example.com>", "DATA");
            await client.ExpectAsync(250);
            await client.ExpectAsync(250);
            await client.ExpectAsync(250);
            await client.ExpectAsync(354);
            await client.SendLinesAsync("x", ".", "QUIT");
            await client.ExpectAsync(250, "queued as SINK1");
            await client.ExpectAsync(221);
        }
        using var http = new HttpClient { BaseAddress = new Uri($"http://{host.HttpEndpoint}") };
        var stats = await http.GetFromJsonAsync<JsonElement>("/stats");
        Assert.Equal(1, stats.GetProperty("messages").GetInt32());
        Assert.Equal(1, stats.GetProperty("recipients").GetInt32());
        Assert.Equal(1, stats.GetProperty("connections").GetInt32());
        Assert.Equal(1, stats.GetProperty("peak_concurrent_connections").GetInt32());
        Assert.Equal(1, stats.GetProperty("per_second").EnumerateObject().Sum(p => p.Value.GetInt32()));
        var reset = await http.PostAsync("/stats/reset", null);
        reset.EnsureSuccessStatusCode();
        Assert.Equal(0, (await http.GetFromJsonAsync<JsonElement>("/stats")).GetProperty("messages").GetInt32());
    }

    [Theory]
    [InlineData("[[reply]]\nrecipient = 'x'\ncode = 451\ncolour = 'red'\n", "replies.toml:4:1", "unknown key \"colour\"")]
    [InlineData("[[reply]]\nrecipient = '('\ncode = 451\n", "replies.toml:2", "not a valid regex")]
    [InlineData("[[reply]]\nrecipient = 'x'\ncode = 451\nat = 'QUIT'\n", "replies.toml:4", "at must be \"RCPT\" or \"DATA\"")]
    [InlineData("[[reply]]\nrecipient = 'x'\ncode = 99\n", "replies.toml:3", "not an SMTP reply code")]
    [InlineData("[[reply]]\nrecipient = 'x'\ncode = '451'\n", "replies.toml:3", "code must be an integer")]
    [InlineData("[[reply]]\nrecipient = 'x'\ncode = 451\nenhanced = '4.7'\n", "replies.toml:4", "enhanced must be")]
    [InlineData("[[reply]]\nrecipient = 'x'\n", "replies.toml", "needs \"code\"")]
    [InlineData("[reply]\nrecipient = 'x'\n", "replies.toml:1", "array of tables")]
    [InlineData("[[rule]]\n", "replies.toml:1", "unknown key \"rule\"")]
    [InlineData("[[reply]\n", "replies.toml:1", "")]
    public void ReplyFileErrors_NameFileLineAndWhat(string toml, string where, string what)
    {
        var error = Assert.Throws<TomlException>(() => ReplyRules.FromToml(toml, "replies.toml"));
        Assert.StartsWith(where, error.Message);
        Assert.Contains(what, error.Message);
    }

    [Fact]
    public void ReplyFile_FirstMatchWins()
    {
        var rules = ReplyRules.FromToml("[[reply]]\nrecipient = '^a@'\ncode = 451\n[[reply]]\nrecipient = '@x$'\ncode = 550\n");
        Assert.Equal(451, rules.Match("a@x", ReplyStage.Rcpt)!.Code);
        Assert.Equal(550, rules.Match("b@x", ReplyStage.Rcpt)!.Code);
        Assert.Null(rules.Match("a@x", ReplyStage.Data));
    }
}
