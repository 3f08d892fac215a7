using Akka.Mta.Core.Queues;
using Akka.Mta.Policy.Options;
using Akka.Mta.Shaping.Options;

namespace Akka.Mta.Delivery.Configuration;

/// <summary>
/// The settings delivery asks for while it runs (KumoMTA's <c>get_queue_config</c>,
/// <c>get_egress_pool</c>, <c>get_egress_source</c>, <c>get_egress_path_config</c>). Thread-safe;
/// a failing lookup throws <see cref="DeliveryConfigException"/> naming what was asked, and the
/// caller retries later instead of losing mail.
/// </summary>
public interface IDeliveryConfig
{
    QueueConfig GetQueueConfig(ScheduledQueueName queue);

    EgressPool GetEgressPool(string name);

    EgressSource GetEgressSource(string name);

    EgressPathConfig GetEgressPathConfig(string domain, string source, string site);
}

public sealed class DeliveryConfigException(string message, Exception? inner = null) : Exception(message, inner);
