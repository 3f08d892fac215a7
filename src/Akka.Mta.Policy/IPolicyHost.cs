using Akka.Mta.Policy.Options;

namespace Akka.Mta.Policy;

/// <summary>
/// The MTA's view of the policy. Every method is thread-safe: it borrows a Lua state of the
/// current epoch for the duration of the call. A hook error (Lua error, budget, memory, a
/// returned table that does not check) throws <see cref="PolicyException"/> naming the event,
/// file and line. An event without a handler gives the default: accepted, or null (use the
/// built-in defaults).
/// </summary>
public interface IPolicyHost : IDisposable
{
    /// <summary>Incremented by every successful reload.</summary>
    long Epoch { get; }

    /// <summary>SHA-256 of the files the running policy was loaded from.</summary>
    string Hash { get; }

    /// <summary>Events the running policy registered handlers for.</summary>
    IReadOnlySet<string> RegisteredEvents { get; }

    PolicyVerdict SmtpServerEhlo(string domain, IConnectionMeta connection);

    PolicyVerdict SmtpServerMailFrom(string sender, IConnectionMeta connection);

    PolicyVerdict SmtpServerRcptTo(string recipient, IConnectionMeta connection);

    PolicyVerdict SmtpServerMessageReceived(IPolicyMessage message);

    PolicyVerdict HttpMessageGenerated(IPolicyMessage message);

    /// <summary>The handler's table checked by <paramref name="checker"/> (the shaping library's QueueConfig).</summary>
    T? GetQueueConfig<T>(QueueConfigQuery query, IOptionsChecker<T> checker) where T : class;

    /// <summary>The handler's table checked by <paramref name="checker"/> (the shaping library's EgressPathConfig).</summary>
    T? GetEgressPathConfig<T>(EgressPathQuery query, IOptionsChecker<T> checker) where T : class;

    EgressPool? GetEgressPool(string name);

    EgressSource? GetEgressSource(string name);

    /// <summary>The policy's verdict on HTTP Basic credentials; null when it has no handler.</summary>
    bool? HttpServerValidateAuthBasic(string user, string password);

    /// <summary>The policy's verdict on an HTTP Bearer token; null when it has no handler.</summary>
    bool? HttpServerValidateAuthBearer(string token);

    /// <summary>The log hooks the running policy configured with <c>mta.configure_log_hook</c>, in order.</summary>
    IReadOnlyList<LogHooks.LogHookDefinition> LogHooks => [];

    /// <summary>
    /// <c>should_enqueue_log_record(record, hook_name)</c>: false when the handler drops the record for
    /// that hook; true when it keeps it, returns nil, or no handler is registered.
    /// </summary>
    bool ShouldEnqueueLogRecord(System.Text.Json.Nodes.JsonObject record, string hookName) => true;

    /// <summary>
    /// Reads the policy files again; when they changed, builds and swaps in a new epoch. A file
    /// that fails to load keeps the old policy running (and is logged with file:line). A policy that
    /// no longer registers a handler the running one has is refused (<see cref="PolicyReloadOutcome.Refused"/>)
    /// unless <paramref name="allowDroppedHandlers"/>: a vanished handler would silently give defaults.
    /// </summary>
    PolicyReloadResult Reload(bool allowDroppedHandlers = false);
}
