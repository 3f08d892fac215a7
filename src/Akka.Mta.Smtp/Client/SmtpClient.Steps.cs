using System.Net.Sockets;
using Akka.Mta.Core.Smtp;

namespace Akka.Mta.Smtp.Client;

public sealed partial class SmtpClient
{
    /// <summary>
    /// Marks the client busy for one public operation and makes the caller's token cancel its
    /// steps; disposing the scope ends the operation.
    /// </summary>
    private OperationScope Enter(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _busy, 1) != 0)
        {
            throw new InvalidOperationException("SmtpClient runs one operation at a time; the previous one has not finished.");
        }
        _callerToken = cancellationToken;
        var registration = cancellationToken.UnsafeRegister(static s => ((SmtpClient)s!).CancelStep(), this);
        return new OperationScope(this, registration);
    }

    private void CancelStep()
    {
        try
        {
            _stepCts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // the step ended and its source was replaced; BeginStep checks the caller's token itself
        }
    }

    /// <summary>Starts the timeout of one step and returns the token the step's I/O uses.</summary>
    private CancellationToken BeginStep(TimeSpan timeout)
    {
        _callerToken.ThrowIfCancellationRequested();
        if (!_stepCts.TryReset())
        {
            _stepCts.Dispose();
            _stepCts = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
            if (_callerToken.IsCancellationRequested)
            {
                _stepCts.Cancel();
            }
        }
        _stepCts.CancelAfter(timeout);
        return _stepCts.Token;
    }

    /// <summary>Reads one complete reply; false from the parser means read more, a closed stream means the connection was lost.</summary>
    private async ValueTask<SmtpResponse> ReadReplyAsync(string? command, CancellationToken token)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(token);
            var buffer = result.Buffer;
            if (_parser.TryParse(ref buffer, out var response))
            {
                _reader.AdvanceTo(buffer.Start);
                return command is null ? response : response with { Command = command };
            }
            _reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                throw new EndOfStreamException(buffer.IsEmpty && !_parser.InReply
                    ? "the server closed the connection"
                    : "the server closed the connection in the middle of a reply");
            }
        }
    }

    /// <summary>
    /// Turns what went wrong in a step into a classified failure, closes the connection, and
    /// returns the exception to throw (the caller's own cancellation stays an OperationCanceledException).
    /// </summary>
    private async ValueTask<Exception> FailAsync(Exception error, string step, TimeSpan timeout, SmtpFailureKind timeoutKind = SmtpFailureKind.Timeout)
    {
        await CloseAsync();
        if (error is SmtpClientException)
        {
            return error;
        }
        if (error is OperationCanceledException && _callerToken.IsCancellationRequested)
        {
            return error;
        }
        var failure = error switch
        {
            OperationCanceledException => new SmtpFailure(timeoutKind,
                Internal(421, 4, 4, 2, $"{step} to {HostName} timed out after {timeout.TotalSeconds:0.###}s")),
            SmtpProtocolException => new SmtpFailure(SmtpFailureKind.ProtocolError,
                Internal(421, 4, 5, 0, $"protocol error from {HostName} during {step}: {error.Message}")),
            IOException or SocketException or ObjectDisposedException => new SmtpFailure(SmtpFailureKind.ConnectionLost,
                Internal(421, 4, 4, 2, $"connection to {HostName} lost during {step}: {Innermost(error).Message}")),
            _ => new SmtpFailure(SmtpFailureKind.ProtocolError,
                Internal(421, 4, 3, 0, $"unexpected error during {step} with {HostName}: {error.GetType().Name}: {error.Message}")),
        };
        Log.ConnectionFailed(_logger, HostName, failure.Kind, failure.Response.ToSingleLine());
        return new SmtpClientException(failure, error);
    }

    /// <summary>Closes the connection after a reply that ends it (banner rejection, 421) and wraps the classified reply.</summary>
    private async ValueTask<SmtpClientException> FailWithReplyAsync(SmtpFailure failure, bool sayQuit)
    {
        if (sayQuit && !_transportClosed)
        {
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
        }
        await CloseAsync();
        Log.ConnectionFailed(_logger, HostName, failure.Kind, failure.Response.ToSingleLine());
        return new SmtpClientException(failure);
    }

    internal static SmtpResponse Internal(int code, int cls, int subject, int detail, string text, string? command = null) =>
        SmtpResponse.Internal(code, new EnhancedStatusCode(cls, subject, detail), text, command);

    private static Exception Innermost(Exception error) => error.InnerException is { } inner ? Innermost(inner) : error;

    private readonly struct OperationScope(SmtpClient client, CancellationTokenRegistration registration) : IDisposable
    {
        public void Dispose()
        {
            registration.Dispose();
            client._callerToken = default;
            Volatile.Write(ref client._busy, 0);
        }
    }
}
