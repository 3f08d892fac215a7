using Akka.Mta.Smtp.Server;

namespace Akka.Mta.Smtp.Tests.Server;

/// <summary>DATA and BDAT delivery to the sink: the 250 waits for the sink; a sink failure is 451.</summary>
public sealed class DataTranscriptTests
{
    private static SmtpServerOptions Options => new() { HostName = "mx.test", Relay = RelayOptions.Open };

    private static async Task<InMemoryConnection> InTransactionAsync(InMemorySmtpServer server)
    {
        var c = server.Connect();
        await c.Client.ExpectAsync(220);
        await c.Client.SendLinesAsync("EHLO client.example", "MAIL FROM:<s@example.org>", "RCPT TO:<a@example.com>");
        await c.Client.ExpectAsync(250);
        await c.Client.ExpectAsync(250);
        await c.Client.ExpectAsync(250);
        return c;
    }

    [Fact]
    public async Task ReplyToData_IsSentOnlyAfterTheSinkCompletes()
    {
        using var server = new InMemorySmtpServer(Options);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Sink.BeforeStore = _ =>
        {
            entered.TrySetResult();
            return gate.Task;
        };
        await using var c = await InTransactionAsync(server);
        await c.Client.CommandAsync("DATA", 354);
        await c.Client.SendAsync("Subject: durable\r\n\r\nx\r\n.\r\n");
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(c.Client.HasPendingReply, "the server replied before the sink said the message was stored");
        gate.SetResult();
        await c.Client.ExpectAsync(250, "queued as Q1");
    }

    [Fact]
    public async Task SinkFailure_Gives451_AndTheNextMessageIsAccepted()
    {
        using var server = new InMemorySmtpServer(Options);
        var fail = true;
        server.Sink.BeforeStore = _ => fail ? throw new IOException("disk full") : Task.CompletedTask;
        await using var c = await InTransactionAsync(server);
        await c.Client.CommandAsync("DATA", 354);
        await c.Client.SendAsync("x\r\n.\r\n");
        await c.Client.ExpectAsync(451, "4.3.0");
        Assert.Empty(server.Sink.Messages);
        fail = false;
        await c.Client.SendLinesAsync("MAIL FROM:<s@example.org>", "RCPT TO:<a@example.com>", "DATA");
        await c.Client.ExpectAsync(250);
        await c.Client.ExpectAsync(250);
        await c.Client.ExpectAsync(354);
        await c.Client.SendAsync("x\r\n.\r\n");
        await c.Client.ExpectAsync(250);
        Assert.Single(server.Sink.Messages);
    }

    [Fact]
    public async Task SinkRefusal_IsPassedToTheClient()
    {
        using var server = new InMemorySmtpServer(Options, s => s with { Sink = new RefusingSink() });
        await using var c = await InTransactionAsync(server);
        await c.Client.CommandAsync("DATA", 354);
        await c.Client.SendAsync("x\r\n.\r\n");
        await c.Client.ExpectAsync(550, "5.7.26 unauthenticated");
        await c.Client.CommandAsync("NOOP", 250);
    }

    [Fact]
    public async Task EmptyMessage_AndDataSplitByteByByte_AreDecoded()
    {
        using var server = new InMemorySmtpServer(Options);
        await using var c = await InTransactionAsync(server);
        await c.Client.CommandAsync("DATA", 354);
        await c.Client.SendAsync(".\r\n");
        await c.Client.ExpectAsync(250);
        Assert.Equal("", server.Sink.Single().Body);
        await c.Client.SendLinesAsync("MAIL FROM:<s@example.org>", "RCPT TO:<a@example.com>", "DATA");
        await c.Client.ExpectAsync(250);
        await c.Client.ExpectAsync(250);
        await c.Client.ExpectAsync(354);
        foreach (var ch in "A: b\r\n\r\n..\r\n.x\r\n.\r\n")
        {
            await c.Client.SendAsync(ch.ToString());
        }
        await c.Client.ExpectAsync(250);
        Assert.Equal("A: b\r\n\r\n.\r\nx\r\n", server.Sink.Messages.Last().Body);
    }

    [Fact]
    public async Task Bdat_ChunksMakeOneMessage_WithoutDotUnstuffing()
    {
        using var server = new InMemorySmtpServer(Options);
        await using var c = await InTransactionAsync(server);
        await c.Client.SendAsync("BDAT 12\r\nSubject: a\r\n");
        await c.Client.ExpectAsync(250, "12 octets received");
        await c.Client.SendAsync("BDAT 7\r\n\r\n.body");
        await c.Client.ExpectAsync(250);
        await c.Client.SendAsync("BDAT 2 LAST\r\n\r\n");
        await c.Client.ExpectAsync(250, "queued as Q1");
        Assert.Equal("Subject: a\r\n\r\n.body\r\n", server.Sink.Single().Body);
        await c.Client.CommandAsync("NOOP", 250);
    }

    [Fact]
    public async Task Bdat_PipelinedWithTheEnvelope_AndZeroLengthLast()
    {
        using var server = new InMemorySmtpServer(Options);
        await using var c = server.Connect();
        await c.Client.ExpectAsync(220);
        await c.Client.CommandAsync("EHLO c", 250);
        await c.Client.SendAsync("MAIL FROM:<s@example.org>\r\nRCPT TO:<a@example.com>\r\nBDAT 4\r\nab\r\nBDAT 0 LAST\r\nNOOP\r\n");
        await c.Client.ExpectAsync(250);
        await c.Client.ExpectAsync(250);
        await c.Client.ExpectAsync(250, "4 octets");
        await c.Client.ExpectAsync(250, "queued");
        await c.Client.ExpectAsync(250, "Ok");
        Assert.Equal("ab\r\n", server.Sink.Single().Body);
    }

    [Fact]
    public async Task Bdat_OutOfSequence_ConsumesItsChunk_AndDataAfterBdatIsRefused()
    {
        using var server = new InMemorySmtpServer(Options);
        await using var c = server.Connect();
        await c.Client.ExpectAsync(220);
        await c.Client.CommandAsync("EHLO c", 250);
        await c.Client.SendAsync("BDAT 6\r\nNOOP\r\n");
        await c.Client.ExpectAsync(503, "send MAIL first");
        await c.Client.SendLinesAsync("MAIL FROM:<s@example.org>", "RCPT TO:<a@example.com>");
        await c.Client.ExpectAsync(250);
        await c.Client.ExpectAsync(250);
        await c.Client.SendAsync("BDAT 3\r\nabc");
        await c.Client.ExpectAsync(250);
        await c.Client.CommandAsync("DATA", 503, "DATA not allowed after BDAT");
        await c.Client.CommandAsync("BDAT x", 501, "Syntax: BDAT size [LAST]");
        await c.Client.CommandAsync("RSET", 250);
        Assert.Equal(0, server.Sink.Calls);
    }

    [Fact]
    public async Task Bdat_OversizeChunk_AbortsTheTransaction()
    {
        using var server = new InMemorySmtpServer(Options with { MaxMessageSize = 10 });
        await using var c = await InTransactionAsync(server);
        await c.Client.SendAsync("BDAT 20\r\n" + new string('x', 18) + "\r\n");
        await c.Client.ExpectAsync(552, "5.3.4");
        await c.Client.SendAsync("BDAT 1 LAST\r\nx");
        await c.Client.ExpectAsync(503, "send MAIL first");
        Assert.Equal(0, server.Sink.Calls);
    }

    [Fact]
    public async Task ClientDisconnectingMidChunk_StoresNothing()
    {
        using var server = new InMemorySmtpServer(Options);
        var c = await InTransactionAsync(server);
        await c.Client.SendAsync("BDAT 100 LAST\r\nonly a part");
        await c.DisposeAsync();
        Assert.Equal(0, server.Sink.Calls);
    }

    private sealed class RefusingSink : IReceptionSink
    {
        public ValueTask<ReceptionResult> ReceiveAsync(ReceivedMessage message, CancellationToken cancellationToken) =>
            ValueTask.FromResult(ReceptionResult.Refused(Akka.Mta.Smtp.Protocol.SmtpReplies.Reply(550, "5.7.26", "unauthenticated mail")));
    }
}
