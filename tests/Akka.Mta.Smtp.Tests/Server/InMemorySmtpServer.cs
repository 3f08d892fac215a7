using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using Akka.Mta.Smtp.Server;
using Akka.Mta.Testing.SmtpServer;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Time.Testing;

namespace Akka.Mta.Smtp.Tests.Server;

/// <summary>
/// The real SMTP connection handler, driven over in-memory pipes instead of sockets: each
/// <see cref="Connect"/> makes a connection with a chosen client address and returns a scripted client.
/// </summary>
internal sealed class InMemorySmtpServer : IDisposable
{
    private int _connections;

    public InMemorySmtpServer(SmtpServerOptions? options = null, Func<SmtpServerServices, SmtpServerServices>? services = null)
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
        var baseServices = new SmtpServerServices(Sink) { Time = Time };
        Handler = new SmtpConnectionHandler(options ?? new SmtpServerOptions { HostName = "mx.test" }, services?.Invoke(baseServices) ?? baseServices);
        Limiter = new ConnectionLimiter(Handler.Options.MaxConnections, Handler.Options.MaxConnectionsPerAddress);
    }

    public RecordingSink Sink { get; } = new();

    public FakeTimeProvider Time { get; }

    public SmtpConnectionHandler Handler { get; }

    public ConnectionLimiter Limiter { get; }

    /// <summary>Opens a connection from <paramref name="remote"/>; <paramref name="early"/> is sent before the server starts (an early talker).</summary>
    public InMemoryConnection Connect(string remote = "192.0.2.10:40000", string? early = null)
    {
        var toServer = new Pipe();
        var fromServer = new Pipe();
        if (early is not null)
        {
            toServer.Writer.Write(Encoding.UTF8.GetBytes(early));
            toServer.Writer.FlushAsync().AsTask().Wait();
        }
        var id = $"T{Interlocked.Increment(ref _connections)}";
        var context = new DefaultConnectionContext(id, new DuplexPipe(toServer.Reader, fromServer.Writer), new DuplexPipe(fromServer.Reader, toServer.Writer))
        {
            RemoteEndPoint = IPEndPoint.Parse(remote),
            LocalEndPoint = IPEndPoint.Parse("192.0.2.1:25"),
        };
        var session = Task.Run(async () =>
        {
            try
            {
                await Limiter.OnConnectionAsync(context, Handler.OnConnectedAsync);
            }
            finally
            {
                await fromServer.Writer.CompleteAsync();
                await toServer.Reader.CompleteAsync();
            }
        });
        var stream = new ClientStream(fromServer.Reader, toServer.Writer);
        var client = new SmtpTestClient(stream, () =>
        {
            if (!fromServer.Reader.TryRead(out var result))
            {
                return false;
            }
            var pending = !result.Buffer.IsEmpty;
            fromServer.Reader.AdvanceTo(result.Buffer.Start);
            return pending;
        });
        return new InMemoryConnection(client, session);
    }

    public void Dispose() => Handler.Dispose();

    private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;

    private sealed class ClientStream(PipeReader input, PipeWriter output) : Stream
    {
        private readonly Stream _input = input.AsStream();
        private readonly Stream _output = output.AsStream();

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => _input.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _input.ReadAsync(buffer, cancellationToken);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _input.ReadAsync(buffer, offset, count, cancellationToken);
        public override void Write(byte[] buffer, int offset, int count) => _output.Write(buffer, offset, count);
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => _output.WriteAsync(buffer, cancellationToken);
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _output.WriteAsync(buffer, offset, count, cancellationToken);
        public override void Flush() => _output.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => _output.FlushAsync(cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _output.Dispose();
                _input.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}

internal sealed record InMemoryConnection(SmtpTestClient Client, Task Session) : IAsyncDisposable
{
    /// <summary>Waits for the server side of the session to end.</summary>
    public async Task SessionEndedAsync()
    {
        var finished = await Task.WhenAny(Session, Task.Delay(SmtpTestClient.Deadline));
        Assert.True(finished == Session, "the server session did not end");
        await Session;
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await SessionEndedAsync();
    }
}

/// <summary>A sink that keeps a copy of every message; it can be gated or made to fail.</summary>
internal sealed class RecordingSink : IReceptionSink
{
    public ConcurrentQueue<StoredMessage> Messages { get; } = new();

    /// <summary>Runs before a message is stored: await a gate, or throw to play a failing spool.</summary>
    public Func<ReceivedMessage, Task>? BeforeStore { get; set; }

    public int Calls => _calls;

    private int _calls;

    public async ValueTask<ReceptionResult> ReceiveAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        if (BeforeStore is { } before)
        {
            await before(message);
        }
        Messages.Enqueue(new StoredMessage(message, Encoding.UTF8.GetString(message.Content.ToArray())));
        return ReceptionResult.Accepted($"Q{Messages.Count}");
    }

    public StoredMessage Single() => Assert.Single(Messages);
}

internal sealed record StoredMessage(ReceivedMessage Message, string Text)
{
    /// <summary>The content after the server's Received header.</summary>
    public string Body
    {
        get
        {
            var lines = Text.Split("\r\n");
            var skip = 1 + lines.Skip(1).TakeWhile(l => l.StartsWith('\t')).Count();
            return string.Join("\r\n", lines.Skip(skip));
        }
    }
}
