using Akka.Mta.Core.Smtp;
using Akka.Mta.Smtp.Protocol;
using Akka.Mta.Smtp.Server;

namespace Akka.Mta.Smtp.Sink;

/// <summary>
/// The test and benchmark sink's behaviour: a session policy and a reception sink that discards
/// what it accepts. Each recipient's reply comes from the reply file (first match wins), else
/// from its <see cref="MagicRecipient">magic local part</see>, else 250. Everything is counted in <see cref="Stats"/>.
/// </summary>
public sealed class MailSink(ReplyRules rules, TimeProvider time) : ISmtpSessionPolicy, IReceptionSink
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _failedSoFar = new(StringComparer.OrdinalIgnoreCase);
    private long _queued;
    private int _waiting;

    public SinkStats Stats { get; } = new(time);

    public ReplyRules Rules { get; } = rules;

    /// <summary>Replies held back by <c>slow-N</c> recipients right now.</summary>
    public int WaitingReplies => Volatile.Read(ref _waiting);

    public ValueTask<PolicyDecision> OnConnectAsync(SmtpSessionInfo session, CancellationToken cancellationToken)
    {
        Stats.ConnectionOpened();
        return PolicyDecision.AcceptTask;
    }

    public void OnDisconnected(SmtpSessionInfo session) => Stats.ConnectionClosed();

    public async ValueTask<PolicyDecision> OnRcptToAsync(SmtpSessionInfo session, ReceivedEnvelope envelope, RcptCommand rcpt, CancellationToken cancellationToken)
    {
        var address = rcpt.Recipient.Address;
        var magic = MagicRecipient.Parse(rcpt.Recipient.UnquotedLocalPart);
        if (magic.Delay > TimeSpan.Zero)
        {
            await WaitAsync(magic.Delay, cancellationToken);
        }
        var reply = Rules.Match(address, ReplyStage.Rcpt) ?? magic.Reply ?? FailFirst(address, magic.FailFirst);
        if (reply is not null)
        {
            Stats.Replied(reply.Code);
            return PolicyDecision.Reject(reply);
        }
        Stats.Replied(250);
        Stats.RecipientAccepted(rcpt.Recipient.Domain);
        return PolicyDecision.Accept;
    }

    /// <summary>The tempfail reply while <paramref name="address"/> has been refused fewer than <paramref name="times"/> times.</summary>
    private SmtpResponse? FailFirst(string address, int times)
    {
        if (times <= 0)
        {
            return null;
        }
        var count = _failedSoFar.AddOrUpdate(address, 1, (_, n) => n + 1);
        return count <= times ? MagicRecipient.TempFail : null;
    }

    public async ValueTask<ReceptionResult> ReceiveAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.Zero;
        SmtpResponse? reply = null;
        foreach (var recipient in message.Envelope.Recipients)
        {
            var magic = MagicRecipient.Parse(recipient.Address.UnquotedLocalPart);
            delay = magic.Delay > delay ? magic.Delay : delay;
            reply ??= Rules.Match(recipient.Address.Address, ReplyStage.Data);
        }
        if (delay > TimeSpan.Zero)
        {
            await WaitAsync(delay, cancellationToken);
        }
        if (reply is not null)
        {
            Stats.Replied(reply.Code);
            return ReceptionResult.Refused(reply);
        }
        Stats.Replied(250);
        Stats.MessageAccepted();
        return ReceptionResult.Accepted($"SINK{Interlocked.Increment(ref _queued)}");
    }

    private async Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            await Task.Delay(delay, time, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }
}
