using System.Globalization;
using System.Text;
using Akka.Mta.Core.Smtp;
using Akka.Mta.Smtp.Protocol;

namespace Akka.Mta.Smtp.Server;

/// <summary>
/// DATA and BDAT: the content is read whole (even when it will be refused, so the session stays in
/// step), checked, and handed to the sink; the reply waits for the sink to say the message is durable.
/// </summary>
public sealed partial class SmtpSession
{
    private async ValueTask<Outcome> DataAsync()
    {
        var transaction = _transaction!;
        Write(SmtpReplies.StartData);
        BeginMessage(transaction);
        var decoder = new DataDecoder(unstuff: true, _options.MaxMessageSize, _options.MaxDataLineLength);
        BeginDataPhase();
        SetDataDeadline();
        while (true)
        {
            var result = await ReadAsync();
            var buffer = result.Buffer;
            long consumed = 0;
            var done = false;
            foreach (var segment in buffer)
            {
                done = decoder.Decode(segment.Span, _message, out var used);
                consumed += used;
                if (done)
                {
                    break;
                }
            }
            _reader.AdvanceTo(buffer.GetPosition(consumed));
            if (done)
            {
                break;
            }
            if (result.IsCompleted)
            {
                // The client went away mid-DATA: nothing reaches the sink.
                return Outcome.Close;
            }
            SetDataDeadline();
        }
        var reply = await FinishMessageAsync(transaction, decoder);
        Write(reply);
        return reply.Code == 421 ? Outcome.Close : Outcome.Advance;
    }

    private async ValueTask<Outcome> BdatAsync(BdatCommand chunk)
    {
        var transaction = _transaction!;
        if (transaction.Chunks is null)
        {
            BeginMessage(transaction);
            BeginDataPhase();
            transaction.Chunks = new DataDecoder(unstuff: false, _options.MaxMessageSize, _options.MaxDataLineLength);
        }
        if (!await ReadChunkAsync(transaction.Chunks, chunk.Size))
        {
            return Outcome.Close;
        }
        if (!chunk.Last)
        {
            if ((transaction.Chunks.Defects & DataDefects.TooBig) != 0)
            {
                Write(SmtpReplies.MessageTooBig);
                Reset();
                return Outcome.EndTransaction;
            }
            Write(SmtpReplies.Reply(250, "2.0.0", string.Create(CultureInfo.InvariantCulture, $"{chunk.Size} octets received")));
            return Outcome.Advance;
        }
        transaction.Chunks.FinishChunks();
        var reply = await FinishMessageAsync(transaction, transaction.Chunks);
        Write(reply);
        return reply.Code == 421 ? Outcome.Close : Outcome.EndTransaction;
    }

    private void BeginMessage(Transaction transaction)
    {
        transaction.MessageId = string.Create(CultureInfo.InvariantCulture, $"{_info.ConnectionId}.{++_messageCount}");
        transaction.ReceivedAt = _services.Time.GetUtcNow();
        _message.Reset();
        var header = ReceivedHeader.Format(_info, _options.HostName, transaction.MessageId, transaction.ToEnvelope(), transaction.ReceivedAt);
        var span = _message.GetSpan(Encoding.UTF8.GetMaxByteCount(header.Length));
        _message.Advance(Encoding.UTF8.GetBytes(header, span));
    }

    /// <summary>Refuses a defective message, or asks the sink to store it; the transaction ends either way.</summary>
    private async ValueTask<SmtpResponse> FinishMessageAsync(Transaction transaction, DataDecoder decoder)
    {
        _transaction = null;
        var defects = decoder.Defects;
        var reply = defects switch
        {
            _ when (defects & DataDefects.TooBig) != 0 => SmtpReplies.MessageTooBig,
            _ when !_options.RejectMalformedData => null,
            _ when (defects & DataDefects.BareLineEnding) != 0 => SmtpReplies.BareLineEndingInData,
            _ when (defects & DataDefects.Nul) != 0 => SmtpReplies.NulInData,
            _ when (defects & DataDefects.LineTooLong) != 0 => SmtpReplies.DataLineTooLong,
            _ => null,
        };
        reply ??= await DeliverAsync(transaction);
        _message.Reset();
        Log.MessageAnswered(_server.Logger, _info.ConnectionId, transaction.MessageId!, reply.ToSingleLine());
        return reply;
    }

    private async ValueTask<SmtpResponse> DeliverAsync(Transaction transaction)
    {
        var message = new ReceivedMessage(transaction.MessageId!, _info, transaction.ToEnvelope(), _message.Content, transaction.ReceivedAt);
        SuspendDeadline();
        try
        {
            var result = await _services.Sink.ReceiveAsync(message, _server.Stopping);
            return result.Reply ?? SmtpReplies.Queued(result.QueueId ?? message.Id);
        }
        catch (Exception ex)
        {
            Log.SinkFailed(_server.Logger, ex, _info.ConnectionId, message.Id);
            return SmtpReplies.SinkFailed;
        }
    }
}
