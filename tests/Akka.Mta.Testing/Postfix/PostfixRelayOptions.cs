namespace Akka.Mta.Testing.Postfix;

/// <summary>How the test postfix instance is set up.</summary>
public sealed record PostfixRelayOptions
{
    /// <summary>The name postfix uses for itself (greeting, Received headers).</summary>
    public string HostName { get; init; } = "postfix.test";

    /// <summary>
    /// Recipient address (or domain) to an access(5) action, checked at RCPT: <c>REJECT</c>,
    /// <c>"550 5.1.1 no such user"</c>, <c>"450 4.2.0 mailbox busy"</c>, <c>DEFER_IF_PERMIT</c>...
    /// </summary>
    public IReadOnlyDictionary<string, string> RecipientAccess { get; init; } = new Dictionary<string, string>();

    /// <summary>Extra main.cf settings, applied last (for load tests: process limits, concurrency).</summary>
    public IReadOnlyDictionary<string, string> MainCf { get; init; } = new Dictionary<string, string>();

    /// <summary>How many smtpd processes may serve connections at once (master.cf maxproc).</summary>
    public int SmtpdProcessLimit { get; init; } = 100;
}
