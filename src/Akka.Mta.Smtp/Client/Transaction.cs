using Akka.Mta.Core.Smtp;

namespace Akka.Mta.Smtp.Client;

/// <summary>The replies of one transaction as they arrive; turns into a <see cref="SmtpTransactionResult"/>.</summary>
internal sealed class Transaction(SmtpEnvelope envelope, TransactionPlan plan)
{
    private readonly RecipientResult?[] _results = plan.Results;
    private readonly List<int> _accepted = new(plan.Sendable.Length);

    public SmtpEnvelope Envelope => envelope;
    public MailParameters Parameters => plan.Parameters;
    public int[] Sendable => plan.Sendable;
    public SmtpResponse? MailFrom { get; set; }
    public SmtpResponse? Data { get; set; }
    public int AcceptedCount => _accepted.Count;

    /// <summary>Records a RCPT reply: 2xx keeps the recipient for DATA, 4xx/5xx decides it.</summary>
    public void Recipient(int index, SmtpResponse reply)
    {
        if (reply.IsPositive)
        {
            _accepted.Add(index);
        }
        else
        {
            Decide(index, reply);
        }
    }

    /// <summary>A MAIL FROM refusal decides every recipient that was sent.</summary>
    public void RejectAll(SmtpResponse mailReply)
    {
        _accepted.Clear();
        foreach (var index in plan.Sendable)
        {
            Decide(index, mailReply);
        }
    }

    /// <summary>The reply to the final dot (or a refusal of DATA) decides every accepted recipient.</summary>
    public void Finish(SmtpResponse reply)
    {
        foreach (var index in _accepted)
        {
            _results[index] = reply.IsPositive
                ? new RecipientResult(envelope.Recipients[index], reply, null)
                : new RecipientResult(envelope.Recipients[index], reply, SmtpFailure.FromReply(reply).Kind);
        }
        _accepted.Clear();
    }

    /// <summary>A failure that ended the connection decides every recipient not yet decided.</summary>
    public void FailUndecided(SmtpFailure failure)
    {
        for (var i = 0; i < _results.Length; i++)
        {
            _results[i] ??= new RecipientResult(envelope.Recipients[i], failure.Response, failure.Kind);
        }
        _accepted.Clear();
    }

    public SmtpTransactionResult ToResult(SmtpFailure? connectionFailure)
    {
        var results = new RecipientResult[_results.Length];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = _results[i] ?? throw new InvalidOperationException($"recipient {i} ({envelope.Recipients[i]}) was left undecided");
        }
        return new SmtpTransactionResult(results, MailFrom, Data, connectionFailure);
    }

    private void Decide(int index, SmtpResponse reply) =>
        _results[index] = new RecipientResult(envelope.Recipients[index], reply, SmtpFailure.FromReply(reply).Kind);
}
