using Akka.Mta.Core.Smtp;
using Akka.Mta.Smtp.Protocol;

namespace Akka.Mta.Smtp.Server;

/// <summary>
/// Hooks where a policy (the Lua policy, the test sink) accepts or rejects as a session goes.
/// Each has a default that accepts, so an implementation overrides only what it needs. The
/// server's own checks (syntax, sequence, limits, relay control) come first; a hook sees only
/// what passed them. A rejection with code 421 also closes the connection.
/// </summary>
public interface ISmtpSessionPolicy
{
    /// <summary>Before the greeting; a rejection replaces the greeting and closes the connection.</summary>
    ValueTask<PolicyDecision> OnConnectAsync(SmtpSessionInfo session, CancellationToken cancellationToken) => PolicyDecision.AcceptTask;

    ValueTask<PolicyDecision> OnEhloAsync(SmtpSessionInfo session, string clientName, CancellationToken cancellationToken) => PolicyDecision.AcceptTask;

    ValueTask<PolicyDecision> OnMailFromAsync(SmtpSessionInfo session, MailCommand mail, CancellationToken cancellationToken) => PolicyDecision.AcceptTask;

    /// <summary>Per recipient; <paramref name="envelope"/> holds the recipients accepted so far.</summary>
    ValueTask<PolicyDecision> OnRcptToAsync(SmtpSessionInfo session, ReceivedEnvelope envelope, RcptCommand rcpt, CancellationToken cancellationToken) => PolicyDecision.AcceptTask;

    /// <summary>When a connection that reached <see cref="OnConnectAsync"/> has ended, however it ended.</summary>
    void OnDisconnected(SmtpSessionInfo session)
    {
    }
}

/// <summary>A hook's answer: accept (the server sends its usual reply) or reject with <see cref="Reply"/>.</summary>
public sealed record PolicyDecision(SmtpResponse? Reply)
{
    public static readonly PolicyDecision Accept = new((SmtpResponse?)null);
    public static readonly ValueTask<PolicyDecision> AcceptTask = ValueTask.FromResult(Accept);

    public bool IsAccepted => Reply is null;

    public static PolicyDecision Reject(SmtpResponse reply) => new(reply);
}

/// <summary>The policy when none is given: every hook accepts.</summary>
public sealed class AcceptAllPolicy : ISmtpSessionPolicy
{
    public static readonly AcceptAllPolicy Instance = new();
}
