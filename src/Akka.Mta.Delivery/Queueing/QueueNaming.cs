using System.Text.Json.Nodes;
using Akka.Mta.Core.Queues;
using Akka.Mta.Policy;

namespace Akka.Mta.Delivery.Queueing;

/// <summary>Which scheduled queue a message belongs to, from its recipient and metadata (spec 3.1).</summary>
public static class QueueNaming
{
    /// <summary>Meta <c>queue</c> when set, else <c>campaign:tenant@domain!routing_domain</c>.</summary>
    public static string QueueOf(string recipient, IReadOnlyDictionary<string, JsonNode?> meta)
    {
        if (MetaString(meta, MetaKeys.Queue) is { Length: > 0 } explicitQueue)
        {
            return explicitQueue;
        }
        var at = recipient.LastIndexOf('@');
        var domain = at >= 0 ? recipient[(at + 1)..] : recipient;
        return ScheduledQueueName.For(domain, MetaString(meta, MetaKeys.Tenant), MetaString(meta, MetaKeys.Campaign),
            MetaString(meta, MetaKeys.RoutingDomain)).ToString();
    }

    private static string? MetaString(IReadOnlyDictionary<string, JsonNode?> meta, string key) =>
        meta.TryGetValue(key, out var node) && node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
