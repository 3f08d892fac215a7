using System.IO.Pipelines;
using System.Net.Security;
using Akka.Mta.Core.Smtp;
using Akka.Mta.Smtp.Protocol;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace Akka.Mta.Smtp.Server;

/// <summary>
/// One SMTP conversation. The loop reads a command line, checks it against
/// <see cref="SessionStateTable"/>, runs the verb's handler (the partials by concern: Greeting,
/// Transaction, Data, Tls, Auth) and moves to the state the table names. Replies are written
/// without flushing and flushed only before the session would wait for input, which is what
/// PIPELINING (RFC 2920) needs. Deadlines are checked by the shared <see cref="SmtpHeartbeat"/>.
/// </summary>
public sealed partial class SmtpSession
{
    private enum Outcome
    {
        /// <summary>The command succeeded: move to the state the table names.</summary>
        Advance,

        /// <summary>The command failed: stay in the current state.</summary>
        Stay,

        /// <summary>The transaction ended (BDAT LAST, an aborted chunked transaction): back to Greeted.</summary>
        EndTransaction,

        /// <summary>Close the connection after flushing what was written.</summary>
        Close,
    }

    private readonly ConnectionContext _connection;
    private readonly SmtpConnectionHandler _server;
    private readonly SmtpServerOptions _options;
    private readonly SmtpServerServices _services;
    private readonly CancellationTokenSource _abort = new();
    private readonly MessageBuffer _message = new();
    private readonly byte[] _line;
    private PipeReader _reader;
    private PipeWriter _writer;
    private SslStream? _tls;
    private SmtpSessionInfo _info;
    private SessionState _state = SessionState.Connected;
    private Transaction? _transaction;
    private bool _pendingOutput;
    private int _errors;
    private int _commandsWithoutMail;
    private int _messageCount;
    private volatile bool _shuttingDown;
    private bool _connectNotified;

    internal SmtpSession(ConnectionContext connection, SmtpConnectionHandler server)
    {
        _connection = connection;
        _server = server;
        _options = server.Options;
        _services = server.Services;
        _reader = connection.Transport.Input;
        _writer = connection.Transport.Output;
        _line = new byte[_options.MaxCommandLineLength];
        _info = new SmtpSessionInfo(connection.ConnectionId, connection.RemoteEndPoint, connection.LocalEndPoint);
        _sessionDeadline = DeadlineAfter(_options.SessionTimeout);
    }

    internal async Task RunAsync()
    {
        _server.Heartbeat.Register(this);
        var lifetime = _connection.Features.Get<IConnectionLifetimeNotificationFeature>();
        using var shutdown = (lifetime?.ConnectionClosedRequested ?? CancellationToken.None).Register(() =>
        {
            _shuttingDown = true;
            _ = CancelAsync();
        });
        Log.SessionStarted(_server.Logger, _info.ConnectionId, _info.RemoteEndPoint);
        try
        {
            if (await GreetAsync())
            {
                while (await ReadCommandAsync() is { } command)
                {
                    if (await DispatchAsync(command) == Outcome.Close)
                    {
                        break;
                    }
                }
            }
            await FlushAsync();
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            var reply = _shuttingDown ? SmtpReplies.ShuttingDown : SmtpReplies.Timeout;
            Log.SessionAborted(_server.Logger, _info.ConnectionId, reply.ToSingleLine());
            await TryWriteFinalAsync(reply);
        }
        catch (Exception ex) when (ex is IOException or ConnectionResetException or ConnectionAbortedException or ObjectDisposedException)
        {
            Log.ClientGone(_server.Logger, _info.ConnectionId, ex.Message);
        }
        catch (Exception ex)
        {
            Log.SessionFailed(_server.Logger, ex, _info.ConnectionId);
            await TryWriteFinalAsync(SmtpReplies.Reply(421, "4.3.0", "Internal error, closing connection"));
        }
        finally
        {
            await CloseAsync();
        }
    }

    private async ValueTask<Outcome> DispatchAsync(SmtpCommand command)
    {
        if (command is UnknownCommand)
        {
            return Error(SmtpReplies.UnknownCommand);
        }
        if (command is InvalidCommand { Verb: SmtpVerb.Unknown } malformed)
        {
            return Error(malformed.Reply);
        }
        if (command.Verb is not (SmtpVerb.Mail or SmtpVerb.Rcpt or SmtpVerb.Data or SmtpVerb.Bdat or SmtpVerb.Quit)
            && ++_commandsWithoutMail > _options.MaxCommandsWithoutMail)
        {
            Write(SmtpReplies.TooManyCommandsWithoutMail);
            return Outcome.Close;
        }
        if (!SessionStateTable.TryGetTransition(_state, command.Verb, out var next))
        {
            if (command is BdatCommand chunk)
            {
                BeginDataPhase();
                if (!await ReadChunkAsync(null, chunk.Size))
                {
                    return Outcome.Close;
                }
            }
            return Error(SessionStateTable.OutOfSequence(_state, command.Verb));
        }
        if (command is InvalidCommand invalid)
        {
            return Error(invalid.Reply);
        }
        var outcome = await ExecuteAsync(command);
        _state = outcome switch
        {
            Outcome.Advance => next,
            Outcome.EndTransaction => SessionState.Greeted,
            _ => _state,
        };
        return outcome;
    }

    private ValueTask<Outcome> ExecuteAsync(SmtpCommand command) => command switch
    {
        EhloCommand ehlo => GreetedAsync(ehlo.ClientName, extended: true),
        HeloCommand helo => GreetedAsync(helo.ClientName, extended: false),
        MailCommand mail => MailAsync(mail),
        RcptCommand rcpt => RcptAsync(rcpt),
        DataCommand => DataAsync(),
        BdatCommand bdat => BdatAsync(bdat),
        RsetCommand => Reply(SmtpReplies.ResetOk, Reset()),
        NoopCommand => Reply(SmtpReplies.Ok),
        QuitCommand => Reply(SmtpReplies.Bye, Outcome.Close),
        VrfyCommand => Reply(SmtpReplies.VrfyDisabled),
        ExpnCommand => Reply(SmtpReplies.ExpnDisabled),
        HelpCommand => Reply(SmtpReplies.Help),
        StartTlsCommand => StartTlsAsync(),
        AuthCommand auth => AuthAsync(auth),
        _ => Reply(SmtpReplies.NotImplemented, Outcome.Stay),
    };

    private ValueTask<Outcome> Reply(SmtpResponse reply, Outcome outcome = Outcome.Advance)
    {
        Write(reply);
        return ValueTask.FromResult(outcome);
    }

    /// <summary>Answers a client error; too many of them end the session.</summary>
    private Outcome Error(SmtpResponse reply)
    {
        Write(reply);
        if (++_errors >= _options.MaxErrors)
        {
            Write(SmtpReplies.TooManyErrors);
            return Outcome.Close;
        }
        return Outcome.Stay;
    }

    /// <summary>Answers with a policy's or sink's reply; 421 closes the connection (RFC 5321 3.8).</summary>
    private Outcome Refuse(SmtpResponse reply)
    {
        Write(reply);
        return reply.Code == 421 ? Outcome.Close : Outcome.Stay;
    }

    private Outcome Reset()
    {
        _transaction = null;
        _message.Reset();
        return Outcome.Advance;
    }
}
