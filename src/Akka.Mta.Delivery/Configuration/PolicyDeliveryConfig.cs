using System.Collections.Concurrent;
using Akka.Mta.Core.Queues;
using Akka.Mta.Policy;
using Akka.Mta.Policy.Options;
using Akka.Mta.Policy.Shaping;
using Akka.Mta.Shaping.Options;

namespace Akka.Mta.Delivery.Configuration;

/// <summary>
/// Delivery settings from the Lua policy, with the node's configuration as the fallback: an event
/// the policy does not handle gives the node's sources and pools (<see cref="NodeEgressConfig"/>),
/// then KumoMTA's defaults (pool <c>unspecified</c> with source <c>unspecified</c>). Pools and
/// sources are cached for their <c>ttl</c> and dropped when the policy reloads; queue and path
/// configs are cached by the entities that use them (their <c>refresh_interval</c>).
/// </summary>
public sealed class PolicyDeliveryConfig(IPolicyHost policy, NodeEgressConfig node, TimeProvider time) : IDeliveryConfig
{
    private readonly ConcurrentDictionary<string, (EgressPool Pool, DateTimeOffset Expires, long Epoch)> _pools = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (EgressSource Source, DateTimeOffset Expires, long Epoch)> _sources = new(StringComparer.Ordinal);

    public QueueConfig GetQueueConfig(ScheduledQueueName queue)
    {
        var config = Ask(PolicyEvents.GetQueueConfig, $"queue {queue}",
            () => policy.GetQueueConfig(new QueueConfigQuery(queue.Domain, queue.Tenant, queue.Campaign, queue.RoutingDomain), ShapingCheckers.Queue));
        return config ?? node.DefaultQueueConfig;
    }

    public EgressPathConfig GetEgressPathConfig(string domain, string source, string site) =>
        Ask(PolicyEvents.GetEgressPathConfig, $"domain {domain}, source {source}, site {site}",
            () => policy.GetEgressPathConfig(new EgressPathQuery(domain, source, site), ShapingCheckers.EgressPath))
        ?? node.DefaultPathConfig;

    public EgressPool GetEgressPool(string name)
    {
        var now = time.GetUtcNow();
        if (_pools.TryGetValue(name, out var cached) && cached.Expires > now && cached.Epoch == policy.Epoch)
        {
            return cached.Pool;
        }
        var pool = Ask(PolicyEvents.GetEgressPool, $"pool {name}",
            () => policy.GetEgressPool(name))
            ?? node.Pool(name);
        _pools[name] = (pool, now + pool.Ttl, policy.Epoch);
        return pool;
    }

    public EgressSource GetEgressSource(string name)
    {
        var now = time.GetUtcNow();
        if (_sources.TryGetValue(name, out var cached) && cached.Expires > now && cached.Epoch == policy.Epoch)
        {
            return cached.Source;
        }
        var source = Ask(PolicyEvents.GetEgressSource, $"source {name}",
            () => policy.GetEgressSource(name))
            ?? node.Source(name);
        _sources[name] = (source, now + source.Ttl, policy.Epoch);
        return source;
    }

    private static T? Ask<T>(string eventName, string what, Func<T?> call) where T : class
    {
        try
        {
            return call();
        }
        catch (Exception e) when (e is PolicyException or OptionsException)
        {
            throw new DeliveryConfigException($"{eventName} for {what} failed: {e.Message}", e);
        }
    }
}
