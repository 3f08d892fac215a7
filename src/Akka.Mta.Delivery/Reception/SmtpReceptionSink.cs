using System.Buffers;
using Akka.Mta.Core;
using Akka.Mta.Core.Smtp;
using Akka.Mta.Policy;
using Akka.Mta.Smtp.Server;
using Microsoft.Extensions.Logging;

namespace Akka.Mta.Delivery.Reception;

/// <summary>
/// Accepts what the SMTP server received: splits it into one message per recipient, runs the
/// policy's <c>smtp_server_message_received</c> on each, and answers 250 only when delivery says
/// every copy is durable. A policy rejection refuses the whole transaction with the policy's reply;
/// a policy or spool failure gives 451, and nothing is acknowledged that is not stored.
/// </summary>
public sealed partial class SmtpReceptionSink(
    IMessageSubmitter submitter,
    IPolicyHost? policy,
    TimeProvider time,
    ILogger<SmtpReceptionSink> logger) : IReceptionSink
{
    public const string ReceptionProtocol = "ESMTP";
    private static readonly SmtpResponse PolicyFailed = new(451, new EnhancedStatusCode(4, 3, 0), "Local policy error, try again later");
    private static readonly SmtpResponse SpoolFailed = new(451, new EnhancedStatusCode(4, 3, 0), "Message not stored, try again later");

    public async ValueTask<ReceptionResult> ReceiveAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        // The server's buffers are pooled and only valid until we return: copy once, share per recipient.
        ReadOnlyMemory<byte> body = message.Content.ToArray();
        var sender = message.Envelope.Sender?.Address ?? "";
        var peer = message.Session.ClientAddress?.ToString();
        var copies = new List<InboundMessage>(message.Envelope.Recipients.Count);
        foreach (var recipient in message.Envelope.Recipients)
        {
            var copy = new ReceptionMessage(SpoolId.New(time), sender, recipient.Address.Address, body);
            if (policy is not null)
            {
                PolicyVerdict verdict;
                try
                {
                    verdict = policy.SmtpServerMessageReceived(copy);
                }
                catch (PolicyException e)
                {
                    LogPolicyFailed(message.Id, e.Error.ToString());
                    return ReceptionResult.Refused(PolicyFailed);
                }
                if (verdict.Rejection is { } rejection)
                {
                    LogRejected(message.Id, recipient.Address.Address, rejection.ToSingleLine());
                    return ReceptionResult.Refused(rejection with { Command = "." });
                }
            }
            copies.Add(copy.ToInbound(ReceptionProtocol, peer));
        }
        try
        {
            var ids = await submitter.SubmitAsync(copies, cancellationToken);
            return ReceptionResult.Accepted(ids.Count > 0 ? ids[0].ToString() : message.Id);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogSpoolFailed(message.Id, e);
            return ReceptionResult.Refused(SpoolFailed);
        }
    }

    [LoggerMessage(EventId = 9101, Level = LogLevel.Error, Message = "message {Id}: policy smtp_server_message_received failed: {Error}")]
    private partial void LogPolicyFailed(string id, string error);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Information, Message = "message {Id}: policy rejected the copy for {Recipient}: {Reply}")]
    private partial void LogRejected(string id, string recipient, string reply);

    [LoggerMessage(EventId = 9103, Level = LogLevel.Error, Message = "message {Id}: could not be stored; the client was told to retry")]
    private partial void LogSpoolFailed(string id, Exception error);
}
