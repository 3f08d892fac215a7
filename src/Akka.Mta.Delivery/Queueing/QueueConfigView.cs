using System.Text.Json.Nodes;
using Akka.Mta.Core.Throttling;
using Akka.Mta.Shaping.Options;

namespace Akka.Mta.Delivery.Queueing;

/// <summary>How the admin API shows a scheduled queue's config (resolve-egress-path, inspect-sched-q), in KumoMTA's option names.</summary>
public static class QueueConfigView
{
    public static JsonObject Options(QueueConfig config) => new()
    {
        ["egress_pool"] = config.EgressPool,
        ["retry_interval"] = HumanDuration.Format(config.RetryInterval),
        ["max_retry_interval"] = config.MaxRetryInterval is { } max ? HumanDuration.Format(max) : null,
        ["max_age"] = HumanDuration.Format(config.MaxAge),
        ["max_message_rate"] = config.MaxMessageRate?.ToString(),
        ["reap_interval"] = HumanDuration.Format(config.ReapInterval),
        ["refresh_interval"] = HumanDuration.Format(config.RefreshInterval),
    };
}
