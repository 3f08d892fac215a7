using Akka.Mta.Smtp.Protocol;

namespace Akka.Mta.Smtp.Server;

/// <summary>MAIL and RCPT: limits, relay control, SMTPUTF8 and the policy hooks.</summary>
public sealed partial class SmtpSession
{
    private async ValueTask<Outcome> MailAsync(MailCommand mail)
    {
        if (!_info.IsExtended && mail.Parameters.Count > 0)
        {
            return Error(SmtpReplies.UnsupportedParameter(mail.Parameters[0].Keyword));
        }
        if (mail.SmtpUtf8 && !_options.SmtpUtf8)
        {
            return Error(SmtpReplies.UnsupportedParameter("SMTPUTF8"));
        }
        if (CheckAddress(mail.Sender, mail.SmtpUtf8) is { } bad)
        {
            return Error(bad);
        }
        if (mail.Size > _options.MaxMessageSize)
        {
            Write(SmtpReplies.MessageTooBig);
            return Outcome.Stay;
        }
        var decision = await CheckAsync("OnMailFrom", (policy, info, ct) => policy.OnMailFromAsync(info, mail, ct));
        if (!decision.IsAccepted)
        {
            return Refuse(decision.Reply!);
        }
        _transaction = new Transaction(mail);
        _commandsWithoutMail = 0;
        Write(SmtpReplies.SenderOk);
        return Outcome.Advance;
    }

    private async ValueTask<Outcome> RcptAsync(RcptCommand rcpt)
    {
        var transaction = _transaction!;
        if (CheckAddress(rcpt.Recipient, transaction.Mail.SmtpUtf8) is { } bad)
        {
            return Error(bad);
        }
        if (transaction.Recipients.Count >= _options.MaxRecipients)
        {
            Write(SmtpReplies.TooManyRecipients);
            return Outcome.Stay;
        }
        if (!rcpt.IsPostmaster && !_options.Relay.IsLocalDomain(rcpt.Recipient.Domain) && !_options.Relay.MayRelay(_info))
        {
            Write(SmtpReplies.RelayDenied);
            return Outcome.Stay;
        }
        var envelope = transaction.ToEnvelope();
        var decision = await CheckAsync("OnRcptTo", (policy, info, ct) => policy.OnRcptToAsync(info, envelope, rcpt, ct));
        if (!decision.IsAccepted)
        {
            return Refuse(decision.Reply!);
        }
        transaction.Recipients.Add(new EnvelopeRecipient(rcpt.Recipient, rcpt.Parameters));
        Write(SmtpReplies.RecipientOk);
        return Outcome.Advance;
    }
}
