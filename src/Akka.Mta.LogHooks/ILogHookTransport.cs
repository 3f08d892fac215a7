namespace Akka.Mta.LogHooks;

/// <summary>
/// One log hook destination. <see cref="SendAsync"/> publishes one batch of records (each a UTF-8
/// JSON document, in order) and says what became of the whole batch; it never throws for what the
/// destination answers or for the network: those are results. One instance serves one hook and may
/// keep a connection open between batches; calls do not overlap.
/// </summary>
public interface ILogHookTransport : IAsyncDisposable
{
    /// <summary>What logs and errors name, e.g. <c>webhook https://host/path</c> or <c>amqp amqp://host:5672/vhost exchange logs</c>.</summary>
    string Description { get; }

    Task<LogHookResult> SendAsync(IReadOnlyList<ReadOnlyMemory<byte>> records, CancellationToken cancellationToken);
}

/// <summary>What became of a batch.</summary>
public enum LogHookOutcome
{
    /// <summary>The destination took it (HTTP 2xx, AMQP publisher confirm).</summary>
    Delivered,

    /// <summary>The destination refused it for good (HTTP 4xx): bounced and logged. AMQP never rejects: no route, a nack or a missing exchange are Retry (see Amqp.AmqpFailure).</summary>
    Rejected,

    /// <summary>Try again later (HTTP 5xx, timeout, refused connection, broker down, nack).</summary>
    Retry,
}

/// <summary>The outcome with what the destination said (status line, broker error), for logs and log records.</summary>
public sealed record LogHookResult(LogHookOutcome Outcome, string Detail);
