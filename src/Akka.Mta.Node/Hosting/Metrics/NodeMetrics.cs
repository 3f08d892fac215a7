using Akka.Actor;
using Akka.Mta.Delivery;
using Akka.Mta.Delivery.Reception;
using Akka.Mta.Dns.Mx;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Akka.Mta.Node.Hosting.Metrics;

/// <summary>
/// The node's metrics: message counters from the log stream, queue gauges from the entities, the
/// MX resolver's counts and the free space where accepted mail is written, served as
/// <c>GET /metrics</c> (Prometheus text) and <c>GET /metrics.json</c>. Every figure is this node's
/// (the records it wrote, the entities it hosts) and every sample carries a <c>node</c> label with the
/// node's name (<c>Cluster:NodeName</c>), so that a sum over the members' scrapes counts each once.
/// </summary>
public sealed class NodeMetrics
{
    private readonly MessageCounters _counters = new();
    private readonly QueueGauges _gauges;
    private readonly MxResolverStats _mx;
    private readonly StorageGuard _storage;
    private readonly KeyValuePair<string, string> _node;

    private NodeMetrics(ActorSystem system, MtaRuntime runtime, MxResolverStats mx, StorageGuard storage, TimeProvider time, string nodeName)
    {
        _node = KeyValuePair.Create(NodeLabel, nodeName);
        MetricsSubscriber.Start(system, _counters);
        _gauges = new QueueGauges(runtime, time);
        _mx = mx;
        _storage = storage;
    }

    public const string NodeLabel = "node";

    /// <summary>Subscribes to the log stream now: start it before any mail is received.</summary>
    public static NodeMetrics Start(ActorSystem system, MtaRuntime runtime, MxResolverStats mx, StorageGuard storage, TimeProvider time, string nodeName) =>
        new(system, runtime, mx, storage, time, nodeName);

    public async Task<IReadOnlyList<MetricFamily>> CollectAsync()
    {
        IEnumerable<MetricFamily>[] parts = [_counters.Snapshot(), await _gauges.SampleAsync().ConfigureAwait(false), Resolver(), [Disk()]];
        return [.. parts.SelectMany(families => families)
            .Select(f => f with { Samples = [.. f.Samples.Select(s => s with { Labels = [_node, .. s.Labels] })] })];
    }

    private IEnumerable<MetricFamily> Resolver()
    {
        yield return Single("dns_mx_resolve_in_progress", MetricType.Gauge, "number of MX resolutions in progress", _mx.InProgress);
        yield return Single("dns_mx_resolve_status_ok", MetricType.Counter, "number of MX resolutions (not from the cache) that answered", _mx.Ok);
        yield return Single("dns_mx_resolve_status_fail", MetricType.Counter, "number of MX resolutions (not from the cache) that failed", _mx.Failed);
        yield return Single("dns_mx_resolve_cache_hit", MetricType.Counter, "number of MX resolutions answered from the resolver's cache", _mx.CacheHits);
        yield return Single("dns_mx_resolve_cache_miss", MetricType.Counter, "number of MX resolutions not in the resolver's cache", _mx.CacheMisses);
    }

    private MetricFamily Disk() =>
        new("disk_free_bytes", MetricType.Gauge, "number of available bytes where the node writes accepted mail (spool, logs)",
            [.. _storage.FreeSpace().Where(l => l.FreeBytes is not null)
                .Select(l => new MetricSample([KeyValuePair.Create("name", l.Name)], l.FreeBytes!.Value))]);

    private static MetricFamily Single(string name, MetricType type, string help, long value) => new(name, type, help, [new MetricSample([], value)]);

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", async () => Results.Text(PrometheusText.Format(await CollectAsync()), PrometheusText.ContentType));
        app.MapGet("/metrics.json", async () => Results.Json(MetricsJson.Format(await CollectAsync())));
    }
}
