using System.Text.Json.Nodes;
using Akka.Mta.Core.Throttling;
using Akka.Mta.Shaping.Options;

namespace Akka.Mta.Delivery.Egress;

/// <summary>
/// How the admin API shows an egress path's config (resolve-egress-path, inspect-ready-q): the
/// options that shape its traffic, in KumoMTA's names and written forms, and the ceilings they imply.
/// </summary>
public static class EgressPathConfigView
{
    public static JsonObject Options(EgressPathConfig config) => new()
    {
        ["connection_limit"] = config.ConnectionLimit.ToString(),
        [EgressPathOptions.AdditionalConnectionLimits] = new JsonObject(config.AdditionalConnectionLimits
            .Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value.ToString()))),
        ["max_message_rate"] = config.MaxMessageRate?.ToString(),
        [EgressPathOptions.AdditionalMessageRateThrottles] = new JsonObject(config.AdditionalMessageRateThrottles
            .Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value.ToString()))),
        ["max_connection_rate"] = config.MaxConnectionRate?.ToString(),
        ["max_deliveries_per_connection"] = config.MaxDeliveriesPerConnection,
        ["max_ready"] = config.MaxReady,
        ["enable_tls"] = config.EnableTls.ToString(),
        ["smtp_port"] = config.SmtpPort,
        ["idle_timeout"] = HumanDuration.Format(config.IdleTimeout),
        ["consecutive_connection_failures_before_delay"] = config.ConsecutiveConnectionFailuresBeforeDelay,
        [EgressPathOptions.ProviderName] = config.ProviderName,
    };

    /// <summary>At most this many connections: connection_limit and every additional limit.</summary>
    public static long MaxConnections(EgressPathConfig config) =>
        config.AdditionalConnectionLimits.Values.Select(l => l.Limit).Prepend(config.ConnectionLimit.Limit).Min();

    /// <summary>The slowest message-rate throttle of the path and, when given, the queue (null: none).</summary>
    public static ThrottleSpec? SlowestMessageRate(EgressPathConfig config, QueueConfig? queue = null) =>
        config.AdditionalMessageRateThrottles.Values
            .Append(config.MaxMessageRate).Append(queue?.MaxMessageRate)
            .OfType<ThrottleSpec>()
            .OrderByDescending(t => t.IntervalSeconds)
            .FirstOrDefault();

    /// <summary>The steady-state ceilings the config implies.</summary>
    public static JsonObject Constraints(EgressPathConfig config, QueueConfig? queue = null) => new()
    {
        ["max_connections"] = MaxConnections(config),
        ["max_message_rate"] = SlowestMessageRate(config, queue)?.ToString(),
    };
}
