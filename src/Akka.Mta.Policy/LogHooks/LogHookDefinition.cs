using Akka.Mta.LogHooks.Amqp;
using Akka.Mta.LogHooks.Webhook;

namespace Akka.Mta.Policy.LogHooks;

/// <summary>
/// A log hook the policy configured with <c>mta.configure_log_hook{...}</c> (KumoMTA's field names):
/// the records it takes become messages of the scheduled queue <see cref="QueueName"/>
/// (<c>&lt;name&gt;.log_hook</c>) and are published in batches of at most <see cref="BatchSize"/>
/// to its one destination, <see cref="Webhook"/> or <see cref="Amqp"/>.
/// </summary>
public sealed record LogHookDefinition
{
    /// <summary>What every log hook queue name ends with.</summary>
    public const string QueueSuffix = ".log_hook";

    public required string Name { get; init; }

    public string QueueName => Name + QueueSuffix;

    /// <summary>When not null, the hook takes only these record types (the <c>{ Delivery = true }</c> form).</summary>
    public IReadOnlySet<string>? OnlyTypes { get; init; }

    /// <summary>Record types the hook never takes (KumoMTA's <c>{ Reception = { enable = false } }</c>).</summary>
    public IReadOnlySet<string> DisabledTypes { get; init; } = new HashSet<string>();

    /// <summary>Message headers copied into the record's <c>headers</c> (by name, case-insensitive).</summary>
    public IReadOnlyList<string> Headers { get; init; } = [];

    /// <summary>Metadata keys kept in the record's <c>meta</c> (the others are left out).</summary>
    public IReadOnlyList<string> Meta { get; init; } = [];

    public int BatchSize { get; init; } = 1;

    /// <summary>How long a batch that is not full waits for more records.</summary>
    public TimeSpan MaxBatchLatency { get; init; } = DefaultMaxBatchLatency;

    public WebhookOptions? Webhook { get; init; }

    public AmqpHookOptions? Amqp { get; init; }

    /// <summary>Where the policy configured it (null line 0 when unknown).</summary>
    public string? File { get; init; }

    public int Line { get; init; }

    public static readonly TimeSpan DefaultMaxBatchLatency = TimeSpan.FromSeconds(1);

    /// <summary>Whether the hook takes records of type <paramref name="type"/> (KumoMTA's names: Delivery, Bounce, ...).</summary>
    public bool Takes(string type) => !DisabledTypes.Contains(type) && (OnlyTypes is null || OnlyTypes.Contains(type));

    /// <summary>The hook's name from a queue name, when it is a log hook queue.</summary>
    public static bool TryParseQueue(string queue, out string hook)
    {
        hook = string.Empty;
        if (queue is null || !queue.EndsWith(QueueSuffix, StringComparison.Ordinal) || queue.Length == QueueSuffix.Length)
        {
            return false;
        }
        hook = queue[..^QueueSuffix.Length];
        return true;
    }

    /// <summary>One line for <c>policy check</c> and the log; never shows a secret (HMAC key, AMQP password).</summary>
    public override string ToString()
    {
        var destination = Webhook is { } w
            ? $"webhook POST {w.Url.GetLeftPart(UriPartial.Path)}" + (w.Headers.Count > 0 ? $" headers [{string.Join(", ", w.Headers.Select(h => h.Key))}]" : "")
              + (w.Hmac is { } h ? $" signed {h}" : "") + $" timeout {w.Timeout.TotalSeconds:0.###}s"
            : Amqp is { } a
                ? $"amqp {Redacted(a.Url)} exchange '{a.Exchange}' routing_key '{a.RoutingKey}'"
                : "no destination";
        var types = OnlyTypes is { } only ? string.Join(",", only.Order(StringComparer.Ordinal))
            : DisabledTypes.Count > 0 ? "all but " + string.Join(",", DisabledTypes.Order(StringComparer.Ordinal))
            : "all";
        return $"{Name} -> queue {QueueName}: {destination}; batch_size {BatchSize}"
            + (BatchSize > 1 ? $", max_batch_latency {MaxBatchLatency.TotalSeconds:0.###}s" : "")
            + $"; records {types}"
            + (Headers.Count > 0 ? $"; headers {string.Join(",", Headers)}" : "")
            + (Meta.Count > 0 ? $"; meta {string.Join(",", Meta)}" : "")
            + (File is null ? "" : $" ({File}:{Line})");
    }

    /// <summary>The URL without its password.</summary>
    public static string Redacted(Uri url) =>
        string.IsNullOrEmpty(url.UserInfo) ? url.ToString()
        : new UriBuilder(url) { Password = url.UserInfo.Contains(':') ? "***" : string.Empty }.Uri.ToString();
}
