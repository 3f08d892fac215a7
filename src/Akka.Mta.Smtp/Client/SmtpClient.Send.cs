using Akka.Mta.Core.Smtp;
using Names = Akka.Mta.Smtp.Client.ClientCommands.Names;

namespace Akka.Mta.Smtp.Client;

public sealed partial class SmtpClient
{
    private const int ContentChunk = 64 * 1024;

    /// <summary>
    /// Sends one message to the envelope's recipients and returns a result per recipient. SMTP
    /// replies and connection-level failures are results, not exceptions: when the connection ended,
    /// <see cref="SmtpTransactionResult.ConnectionFailure"/> says why and <see cref="State"/> is Closed.
    /// Throws only for misuse (a closed client, a concurrent call) and for the caller's cancellation.
    /// </summary>
    /// <param name="content">The RFC 5322 message; line breaks are normalized to CRLF and dots stuffed on the wire.</param>
    public async Task<SmtpTransactionResult> SendAsync(SmtpEnvelope envelope, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(envelope.Recipients);
        EnsureReady();
        var plan = TransactionPlan.Create(envelope, content.Span, Capabilities, _options);
        var transaction = new Transaction(envelope, plan);
        if (plan.Sendable.Length == 0)
        {
            return transaction.ToResult(null);
        }
        using var scope = Enter(cancellationToken);
        TransactionCount++;
        try
        {
            if (Capabilities.Pipelining && _options.EnablePipelining)
            {
                await SendPipelinedAsync(transaction, content);
            }
            else
            {
                await SendSequentialAsync(transaction, content);
            }
            return transaction.ToResult(null);
        }
        catch (SmtpClientException e)
        {
            transaction.FailUndecided(e.Failure);
            return transaction.ToResult(e.Failure);
        }
    }

    /// <summary>RFC 2920: [RSET] MAIL, every RCPT and DATA in one write, then the replies in order.</summary>
    private async Task SendPipelinedAsync(Transaction transaction, ReadOnlyMemory<byte> content)
    {
        var reset = _needsReset;
        _needsReset = true;
        var (step, timeout) = (Names.MailFrom, _options.Timeouts.MailFrom);
        SmtpResponse dataReply;
        try
        {
            var token = BeginStep(timeout);
            if (reset)
            {
                ClientCommands.Rset(_writer);
            }
            ClientCommands.MailFrom(_writer, transaction.Envelope.Sender, transaction.Parameters);
            foreach (var index in transaction.Sendable)
            {
                ClientCommands.RcptTo(_writer, transaction.Envelope.Recipients[index]);
            }
            ClientCommands.Data(_writer);
            await _writer.FlushAsync(token);
            if (reset)
            {
                (step, timeout) = (Names.Rset, _options.Timeouts.Rset);
                await ExpectResetAsync(await ReadReplyAsync(Names.Rset, BeginStep(timeout)));
            }
            (step, timeout) = (Names.MailFrom, _options.Timeouts.MailFrom);
            transaction.MailFrom = await ReplyAsync(Names.MailFrom, timeout);
            (step, timeout) = (Names.RcptTo, _options.Timeouts.RcptTo);
            foreach (var index in transaction.Sendable)
            {
                transaction.Recipient(index, await ReplyAsync(Names.RcptTo, timeout));
            }
            (step, timeout) = (Names.Data, _options.Timeouts.Data);
            dataReply = await ReadReplyAsync(Names.Data, BeginStep(timeout));
            await FailIfClosing(dataReply);
        }
        catch (Exception ex) when (ex is not SmtpClientException)
        {
            throw await FailAsync(ex, step, timeout);
        }
        if (!transaction.MailFrom.IsPositive)
        {
            transaction.RejectAll(transaction.MailFrom);
        }
        transaction.Data = dataReply;
        if (dataReply.Code == 354)
        {
            // RFC 2920 3.1: a server that accepts DATA with no valid recipient gets an empty message.
            await SendContentAsync(transaction, transaction.AcceptedCount > 0 ? content : ReadOnlyMemory<byte>.Empty);
        }
        else
        {
            await EndDataRefusedAsync(transaction, dataReply);
        }
    }

    /// <summary>One command at a time, for servers without PIPELINING (or with it disabled).</summary>
    private async Task SendSequentialAsync(Transaction transaction, ReadOnlyMemory<byte> content)
    {
        if (_needsReset)
        {
            await ExpectResetAsync(await ExchangeAsync(ClientCommands.Rset, Names.Rset, _options.Timeouts.Rset));
        }
        _needsReset = true;
        var envelope = transaction.Envelope;
        var mail = await ExchangeAsync(w => ClientCommands.MailFrom(w, envelope.Sender, transaction.Parameters), Names.MailFrom, _options.Timeouts.MailFrom);
        transaction.MailFrom = await ExpectFinalAsync(mail);
        if (!mail.IsPositive)
        {
            transaction.RejectAll(mail);
            _needsReset = _options.EnableRset;
            return;
        }
        foreach (var index in transaction.Sendable)
        {
            var recipient = envelope.Recipients[index];
            var reply = await ExchangeAsync(w => ClientCommands.RcptTo(w, recipient), Names.RcptTo, _options.Timeouts.RcptTo);
            transaction.Recipient(index, await ExpectFinalAsync(reply));
        }
        if (transaction.AcceptedCount == 0)
        {
            return;
        }
        var data = await ExchangeAsync(ClientCommands.Data, Names.Data, _options.Timeouts.Data);
        transaction.Data = data;
        if (data.Code == 354)
        {
            await SendContentAsync(transaction, content);
        }
        else
        {
            await EndDataRefusedAsync(transaction, data);
        }
    }

    /// <summary>The content, dot-stuffed, then <c>.CRLF</c>; the reply to the dot decides the accepted recipients.</summary>
    private async Task SendContentAsync(Transaction transaction, ReadOnlyMemory<byte> content)
    {
        var timeout = _options.Timeouts.DataDot;
        SmtpResponse final;
        try
        {
            var token = BeginStep(timeout);
            var encoder = new DataEncoder();
            for (var offset = 0; offset < content.Length; offset += ContentChunk)
            {
                encoder.Encode(content.Span.Slice(offset, Math.Min(ContentChunk, content.Length - offset)), _writer);
                if (offset + ContentChunk < content.Length)
                {
                    await _writer.FlushAsync(token);
                }
            }
            encoder.Complete(_writer);
            await _writer.FlushAsync(token);
            final = await ReadReplyAsync(Names.DataDot, token);
            await FailIfClosing(final);
        }
        catch (Exception ex) when (ex is not SmtpClientException)
        {
            throw await FailAsync(ex, "DATA content and final dot", timeout);
        }
        transaction.Data = await ExpectFinalAsync(final);
        transaction.Finish(final);
        _needsReset = _options.EnableRset;
    }

    private async Task EndDataRefusedAsync(Transaction transaction, SmtpResponse dataReply)
    {
        if (dataReply.Code is < 400 or >= 600)
        {
            // Only 354 lets content follow; a 2xx here would claim delivery of a message never sent.
            throw await FailWithReplyAsync(new SmtpFailure(SmtpFailureKind.ProtocolError, dataReply), sayQuit: false);
        }
        transaction.Finish(dataReply);
        // MAIL was accepted, so a transaction is open on the server: the next one starts with RSET.
        _needsReset = true;
    }

    private async ValueTask<SmtpResponse> ReplyAsync(string command, TimeSpan timeout)
    {
        var reply = await ReadReplyAsync(command, BeginStep(timeout));
        await FailIfClosing(reply);
        return await ExpectFinalAsync(reply);
    }

    /// <summary>421 means the server is closing the connection: it decides everything still open.</summary>
    private async ValueTask FailIfClosing(SmtpResponse reply)
    {
        if (reply.Code == 421)
        {
            throw await FailWithReplyAsync(SmtpFailure.FromReply(reply), sayQuit: false);
        }
    }

    /// <summary>A reply to MAIL, RCPT or the dot must be 2xx, 4xx or 5xx; anything else is out of sequence.</summary>
    private async ValueTask<SmtpResponse> ExpectFinalAsync(SmtpResponse reply)
    {
        if (reply.Code is (>= 200 and < 300) or (>= 400 and < 600))
        {
            return reply;
        }
        throw await FailWithReplyAsync(new SmtpFailure(SmtpFailureKind.ProtocolError, reply), sayQuit: false);
    }

    private async ValueTask ExpectResetAsync(SmtpResponse reply)
    {
        await FailIfClosing(reply);
        if (!reply.IsPositive)
        {
            // A server that cannot reset is in a state we cannot reason about.
            throw await FailWithReplyAsync(new SmtpFailure(SmtpFailureKind.ProtocolError, reply), sayQuit: true);
        }
    }
}
