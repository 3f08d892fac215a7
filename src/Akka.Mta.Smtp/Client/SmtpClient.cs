using System.IO.Pipelines;
using System.Net;
using System.Security.Authentication;
using Akka.Mta.Core.Smtp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Akka.Mta.Smtp.Client;

/// <summary>Whether a client can take another transaction.</summary>
public enum SmtpClientState
{
    /// <summary>Greeted (and secured/authenticated as configured): <see cref="SmtpClient.SendAsync"/> may be called.</summary>
    Ready,

    /// <summary>The connection ended (QUIT, a connection-level failure, a 421, or cancellation).</summary>
    Closed,
}

/// <summary>
/// One SMTP client connection to one server: connect (<see cref="ConnectAsync"/>) or start on any
/// stream (<see cref="StartAsync"/>), then any number of <see cref="SendAsync"/> transactions, then
/// <see cref="QuitAsync"/>. Every step has its own timeout from <see cref="SmtpClientOptions.Timeouts"/>;
/// nothing blocks a thread. Failures are classified (<see cref="SmtpFailureKind"/>) with the reply
/// attached. One operation at a time: the type is not thread-safe.
/// <code>
///   connect ─► banner ─► EHLO (or HELO) ─► [STARTTLS ─► EHLO] ─► [AUTH PLAIN] ─► Ready
///   Ready ─► [RSET] MAIL RCPT… DATA (pipelined when offered) ─► content ─► Ready
///   any connection-level failure, 421, QUIT ─► Closed
/// </code>
/// </summary>
public sealed partial class SmtpClient : IAsyncDisposable
{
    private readonly SmtpClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SmtpReplyParser _parser;
    private CancellationTokenSource _stepCts;
    private CancellationToken _callerToken;
    private Stream _stream;
    private bool _transportClosed;
    private PipeReader _reader;
    private PipeWriter _writer;
    private bool _needsReset;
    private int _busy;

    private SmtpClient(Stream stream, string hostName, SmtpClientOptions options, TimeProvider? time, ILogger? logger)
    {
        HostName = hostName;
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _parser = new SmtpReplyParser(options.MaxReplyLineLength);
        _stepCts = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        _stream = stream;
        (_reader, _writer) = Pipes(stream);
    }

    /// <summary>The server's host name (the MX name); the name TLS certificates are checked against by default.</summary>
    public string HostName { get; }

    public IPEndPoint? RemoteEndPoint { get; private set; }

    public IPEndPoint? LocalEndPoint { get; private set; }

    public SmtpClientState State { get; private set; } = SmtpClientState.Ready;

    /// <summary>The greeting (220) the server sent.</summary>
    public SmtpResponse? Banner { get; private set; }

    /// <summary>The extensions of the last EHLO reply (after STARTTLS, the second one); empty after HELO.</summary>
    public EhloCapabilities Capabilities { get; private set; } = EhloCapabilities.None;

    /// <summary>True when the server answered HELO only (EHLO was refused).</summary>
    public bool UsedHelo { get; private set; }

    /// <summary>The negotiated TLS protocol, or null on a plain connection.</summary>
    public SslProtocols? TlsProtocol { get; private set; }

    public bool IsTls => TlsProtocol is not null;

    /// <summary>False when TLS is up but the certificate did not validate (only possible in an Insecure mode).</summary>
    public bool TlsCertificateValid { get; private set; }

    public bool IsAuthenticated { get; private set; }

    /// <summary>Transactions attempted on this connection (for <c>max_deliveries_per_connection</c>).</summary>
    public int TransactionCount { get; private set; }

    /// <summary>Sends QUIT (bounded by the quit timeout, errors ignored) and closes the connection.</summary>
    public async Task QuitAsync(CancellationToken cancellationToken = default)
    {
        if (State == SmtpClientState.Closed)
        {
            return;
        }
        using var scope = Enter(cancellationToken);
        try
        {
            var token = BeginStep(_options.Timeouts.Quit);
            ClientCommands.Quit(_writer);
            await _writer.FlushAsync(token);
            await ReadReplyAsync(ClientCommands.Names.Quit, token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.QuitFailed(_logger, HostName, ex.Message);
        }
        finally
        {
            await CloseAsync();
        }
    }

    /// <summary>Closes the connection without QUIT.</summary>
    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        _stepCts.Dispose();
    }

    private async ValueTask CloseAsync()
    {
        State = SmtpClientState.Closed;
        if (_transportClosed)
        {
            return;
        }
        _transportClosed = true;
        await _reader.CompleteAsync();
        try
        {
            await _writer.CompleteAsync();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // unflushed bytes of a dead connection
        }
        try
        {
            await _stream.DisposeAsync();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // the peer went first
        }
    }

    private static (PipeReader, PipeWriter) Pipes(Stream stream) =>
        (PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true)),
         PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 16384, leaveOpen: true)));

    private void EnsureReady()
    {
        if (State != SmtpClientState.Ready)
        {
            throw new InvalidOperationException($"the connection to {HostName} is closed; open a new one");
        }
    }
}
