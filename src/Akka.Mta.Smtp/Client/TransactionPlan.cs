using Akka.Mta.Core.Smtp;

namespace Akka.Mta.Smtp.Client;

/// <summary>
/// Decides, before any byte is sent, what a transaction needs from this server: MAIL FROM
/// parameters, which recipients can be sent, and refusals for a message the server cannot take
/// (8-bit content without 8BITMIME, UTF-8 addresses without SMTPUTF8, over SIZE). Pure.
/// </summary>
internal sealed record TransactionPlan(MailParameters Parameters, int[] Sendable, RecipientResult?[] Results, SmtpFailure? Refusal)
{
    public static TransactionPlan Create(SmtpEnvelope envelope, ReadOnlySpan<byte> content, EhloCapabilities server, SmtpClientOptions options)
    {
        var results = new RecipientResult?[envelope.Recipients.Count];
        var refusal = Refuse(envelope, content, server, options, out var parameters);
        if (refusal is not null)
        {
            for (var i = 0; i < results.Length; i++)
            {
                results[i] = new RecipientResult(envelope.Recipients[i], refusal.Response, refusal.Kind);
            }
            return new TransactionPlan(parameters, [], results, refusal);
        }
        var sendable = new List<int>(results.Length);
        for (var i = 0; i < results.Length; i++)
        {
            var recipient = envelope.Recipients[i] ?? string.Empty;
            if (EnvelopeCheck.Problem(recipient, isSender: false) is { } problem)
            {
                results[i] = new RecipientResult(recipient, EnvelopeCheck.Refusal(recipient, problem, isSender: false), SmtpFailureKind.NotDeliverableHere);
            }
            else
            {
                sendable.Add(i);
            }
        }
        return new TransactionPlan(parameters, [.. sendable], results, null);
    }

    private static SmtpFailure? Refuse(SmtpEnvelope envelope, ReadOnlySpan<byte> content, EhloCapabilities server, SmtpClientOptions options, out MailParameters parameters)
    {
        parameters = default;
        if (EnvelopeCheck.Problem(envelope.Sender ?? string.Empty, isSender: true) is { } senderProblem)
        {
            return new SmtpFailure(SmtpFailureKind.NotDeliverableHere, EnvelopeCheck.Refusal(envelope.Sender ?? string.Empty, senderProblem, isSender: true));
        }
        var needs = MessageNeeds.Of(envelope, content);
        if (needs.RequiresSmtpUtf8 && !server.SmtpUtf8)
        {
            return new SmtpFailure(SmtpFailureKind.NotDeliverableHere, SmtpResponse.Internal(553, new EnhancedStatusCode(5, 6, 7),
                "the envelope has non-ASCII addresses and the server does not offer SMTPUTF8", ClientCommands.Names.MailFrom));
        }
        if (needs.EightBitContent && !server.EightBitMime && !options.Ignore8BitChecks)
        {
            return new SmtpFailure(SmtpFailureKind.NotDeliverableHere, SmtpResponse.Internal(554, new EnhancedStatusCode(5, 6, 3),
                "the message has 8-bit content and the server does not offer 8BITMIME (conversion to 7-bit is not supported)", ClientCommands.Names.MailFrom));
        }
        if (server.MaxMessageSize is { } max && content.Length > max)
        {
            return new SmtpFailure(SmtpFailureKind.NotDeliverableHere, SmtpResponse.Internal(552, new EnhancedStatusCode(5, 3, 4),
                $"the message is {content.Length} bytes and the server's SIZE limit is {max}", ClientCommands.Names.MailFrom));
        }
        parameters = new MailParameters(
            server.Size ? content.Length : null,
            needs.EightBitContent && server.EightBitMime,
            server.SmtpUtf8 && (needs.RequiresSmtpUtf8 || needs.EightBitHeaders));
        return null;
    }
}
