using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Akka.Mta.Core.Smtp;
using Akka.Mta.Policy;
using Akka.Mta.Smtp.Protocol;
using Akka.Mta.Smtp.Server;
using Microsoft.Extensions.Logging;

namespace Akka.Mta.Delivery.Reception;

/// <summary>
/// Runs the policy's <c>smtp_server_ehlo</c>, <c>smtp_server_mail_from</c> and <c>smtp_server_rcpt_to</c>
/// hooks for the SMTP server; <c>mta.reject(code, text)</c> becomes the reply. Each connection has its
/// own metadata (<c>conn_meta</c>) that lives until the client disconnects. With a
/// <see cref="StorageGuard"/>, MAIL FROM is refused with 452 4.3.1 while storage is too full.
/// </summary>
public sealed partial class SmtpPolicyAdapter(IPolicyHost policy, ILogger<SmtpPolicyAdapter> logger, StorageGuard? storage = null) : ISmtpSessionPolicy
{
    private static readonly SmtpResponse PolicyFailed = new(451, new EnhancedStatusCode(4, 3, 0), "Local policy error, try again later");
    private static readonly SmtpResponse StorageFull = new(452, new EnhancedStatusCode(4, 3, 1), "Insufficient system storage, try again later");
    private readonly ConcurrentDictionary<string, ConnectionMeta> _connections = new(StringComparer.Ordinal);

    public ValueTask<PolicyDecision> OnEhloAsync(SmtpSessionInfo session, string clientName, CancellationToken cancellationToken) =>
        Decide("smtp_server_ehlo", session, "EHLO", meta => policy.SmtpServerEhlo(clientName, meta));

    public ValueTask<PolicyDecision> OnMailFromAsync(SmtpSessionInfo session, MailCommand mail, CancellationToken cancellationToken)
    {
        if (storage?.FullReason is { } reason)
        {
            LogStorageFull(session.ConnectionId, reason);
            return ValueTask.FromResult(PolicyDecision.Reject(StorageFull with { Command = "MAIL FROM" }));
        }
        return Decide("smtp_server_mail_from", session, "MAIL FROM", meta => policy.SmtpServerMailFrom(mail.Sender?.Address ?? "", meta));
    }

    public ValueTask<PolicyDecision> OnRcptToAsync(SmtpSessionInfo session, ReceivedEnvelope envelope, RcptCommand rcpt, CancellationToken cancellationToken) =>
        Decide("smtp_server_rcpt_to", session, "RCPT TO", meta => policy.SmtpServerRcptTo(rcpt.Recipient.Address, meta));

    public void OnDisconnected(SmtpSessionInfo session) => _connections.TryRemove(session.ConnectionId, out _);

    private ValueTask<PolicyDecision> Decide(string hook, SmtpSessionInfo session, string command, Func<IConnectionMeta, PolicyVerdict> call)
    {
        var meta = _connections.GetOrAdd(session.ConnectionId, _ => NewMeta(session));
        try
        {
            var verdict = call(meta);
            return ValueTask.FromResult(verdict.Rejection is { } r ? PolicyDecision.Reject(r with { Command = command }) : PolicyDecision.Accept);
        }
        catch (PolicyException e)
        {
            LogHookFailed(hook, session.ConnectionId, e.Error.ToString());
            return ValueTask.FromResult(PolicyDecision.Reject(PolicyFailed));
        }
    }

    private static ConnectionMeta NewMeta(SmtpSessionInfo session)
    {
        var meta = new ConnectionMeta();
        meta.SetMeta("received_from", JsonValue.Create(session.RemoteEndPoint?.ToString()));
        meta.SetMeta("received_via", JsonValue.Create(session.LocalEndPoint?.ToString()));
        meta.SetMeta("connection_id", JsonValue.Create(session.ConnectionId));
        return meta;
    }

    [LoggerMessage(EventId = 9111, Level = LogLevel.Error, Message = "policy {Hook} failed on connection {ConnectionId}: {Error}")]
    private partial void LogHookFailed(string hook, string connectionId, string error);

    [LoggerMessage(EventId = 9112, Level = LogLevel.Warning, Message = "connection {ConnectionId}: MAIL FROM refused, {Reason}")]
    private partial void LogStorageFull(string connectionId, string reason);
}
