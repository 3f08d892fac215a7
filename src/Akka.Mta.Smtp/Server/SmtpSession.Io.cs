using System.Buffers;
using System.IO.Pipelines;
using Akka.Mta.Core.Smtp;
using Akka.Mta.Smtp.Protocol;

namespace Akka.Mta.Smtp.Server;

/// <summary>Reading lines and chunks from the connection, writing replies, closing.</summary>
public sealed partial class SmtpSession
{
    /// <summary>The next command; null at end of input. Framing errors come back as <see cref="InvalidCommand"/>.</summary>
    private async ValueTask<SmtpCommand?> ReadCommandAsync()
    {
        var (status, length) = await ReadLineAsync();
        return status switch
        {
            null => null,
            LineStatus.Line => SmtpCommandParser.Parse(_line.AsSpan(0, length)),
            LineStatus.Nul => new InvalidCommand(SmtpVerb.Unknown, SmtpReplies.NulInCommand),
            LineStatus.TooLong => new InvalidCommand(SmtpVerb.Unknown, SmtpReplies.LineTooLong),
            _ => new InvalidCommand(SmtpVerb.Unknown, SmtpReplies.BareLineEndingInCommand),
        };
    }

    /// <summary>
    /// Reads one line into <see cref="_line"/>, flushing replies first when it has to wait.
    /// The status is null at end of input; an overlong line is read to its end and reported once.
    /// </summary>
    private async ValueTask<(LineStatus? Status, int Length)> ReadLineAsync()
    {
        SetDeadline(_options.CommandTimeout);
        var discarding = false;
        while (true)
        {
            var result = await ReadAsync();
            var buffer = result.Buffer;
            if (discarding)
            {
                var found = CommandLineReader.TrySkipToLineEnd(buffer, out var skipped);
                _reader.AdvanceTo(skipped);
                if (found)
                {
                    return (LineStatus.TooLong, 0);
                }
            }
            else
            {
                var status = CommandLineReader.TryReadLine(buffer, _options.MaxCommandLineLength, out var line, out var consumed);
                switch (status)
                {
                    case LineStatus.NeedMore:
                        _reader.AdvanceTo(buffer.Start, buffer.End);
                        break;
                    case LineStatus.TooLongSoFar:
                        _reader.AdvanceTo(consumed);
                        discarding = true;
                        break;
                    default:
                        var length = status == LineStatus.Line ? (int)line.Length : 0;
                        line.Slice(0, length).CopyTo(_line);
                        _reader.AdvanceTo(consumed);
                        return (status, length);
                }
            }
            if (result.IsCompleted)
            {
                return (null, 0);
            }
        }
    }

    /// <summary>
    /// Reads exactly <paramref name="size"/> octets (a BDAT chunk) through <paramref name="decoder"/>,
    /// or discards them when it is null. False when the client went away first.
    /// </summary>
    private async ValueTask<bool> ReadChunkAsync(DataDecoder? decoder, long size)
    {
        var remaining = size;
        while (remaining > 0)
        {
            SetDataDeadline();
            var result = await ReadAsync();
            var take = result.Buffer.Slice(0, Math.Min(remaining, result.Buffer.Length));
            if (decoder is not null)
            {
                foreach (var segment in take)
                {
                    decoder.Decode(segment.Span, _message, out _);
                }
            }
            _reader.AdvanceTo(take.End);
            remaining -= take.Length;
            if (remaining > 0 && result.IsCompleted)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Reads what is there, or flushes pending replies and waits for more.</summary>
    private async ValueTask<ReadResult> ReadAsync()
    {
        if (_reader.TryRead(out var result))
        {
            return result;
        }
        await FlushAsync();
        return await _reader.ReadAsync(_abort.Token);
    }

    private void Write(SmtpResponse reply)
    {
        ReplyWriter.Write(_writer, reply);
        _pendingOutput = true;
    }

    private async ValueTask FlushAsync()
    {
        if (_pendingOutput)
        {
            _pendingOutput = false;
            await _writer.FlushAsync(_abort.Token);
        }
    }

    private async Task TryWriteFinalAsync(SmtpResponse reply)
    {
        try
        {
            ReplyWriter.Write(_writer, reply);
            await _writer.FlushAsync();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException or OperationCanceledException)
        {
            // The client is gone or stuck; the heartbeat aborts a stuck connection.
        }
    }

    private async Task CloseAsync()
    {
        _server.Heartbeat.Unregister(this);
        _message.Dispose();
        if (_tls is not null)
        {
            try
            {
                await _reader.CompleteAsync();
                await _writer.CompleteAsync();
                await _tls.DisposeAsync();
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
            {
                Log.ClientGone(_server.Logger, _info.ConnectionId, ex.Message);
            }
        }
        try
        {
            if (_connectNotified)
            {
                _services.Policy.OnDisconnected(_info);
            }
        }
        catch (Exception ex)
        {
            Log.PolicyFailed(_server.Logger, ex, _info.ConnectionId, "OnDisconnected");
        }
        Log.SessionEnded(_server.Logger, _info.ConnectionId, _messageCount);
        _abort.Dispose();
    }
}
