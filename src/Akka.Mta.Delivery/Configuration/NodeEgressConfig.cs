using Akka.Mta.Core.Queues;
using Akka.Mta.Policy.Options;
using Akka.Mta.Shaping.Options;

namespace Akka.Mta.Delivery.Configuration;

/// <summary>
/// Egress sources and pools from the node's own configuration (appsettings / environment), used
/// when the policy does not define <c>get_egress_source</c> / <c>get_egress_pool</c>. A name
/// neither defines is an error, except KumoMTA's implicit <c>unspecified</c> pool and source.
/// </summary>
public sealed record NodeEgressConfig
{
    public static readonly NodeEgressConfig Empty = new();

    public IReadOnlyDictionary<string, EgressSource> Sources { get; init; } = new Dictionary<string, EgressSource>();

    public IReadOnlyDictionary<string, EgressPool> Pools { get; init; } = new Dictionary<string, EgressPool>();

    /// <summary>The queue config when the policy has no <c>get_queue_config</c>.</summary>
    public QueueConfig DefaultQueueConfig { get; init; } = QueueConfig.Default;

    /// <summary>The path config when the policy has no <c>get_egress_path_config</c>.</summary>
    public EgressPathConfig DefaultPathConfig { get; init; } = EgressPathConfig.Default;

    public EgressPool Pool(string name) =>
        Pools.TryGetValue(name, out var pool) ? pool
        : name == EgressPathId.UnspecifiedSource ? new EgressPool(name, [new EgressPoolEntry(EgressPathId.UnspecifiedSource)])
        : throw new DeliveryConfigException($"no egress pool named \"{name}\" (neither the policy's get_egress_pool nor the node configuration defines it)");

    public EgressSource Source(string name) =>
        Sources.TryGetValue(name, out var source) ? source
        : name == EgressPathId.UnspecifiedSource ? new EgressSource(name)
        : throw new DeliveryConfigException($"no egress source named \"{name}\" (neither the policy's get_egress_source nor the node configuration defines it)");
}
