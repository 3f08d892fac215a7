using Akka.Mta.Actors;
using Akka.Mta.Delivery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Akka.Mta.Node.Hosting.Metrics;

/// <summary>
/// The node's metrics: message counters from the log stream and queue gauges from the entities,
/// served as <c>GET /metrics</c> (Prometheus text) and <c>GET /metrics.json</c>.
/// </summary>
public sealed class NodeMetrics
{
    private readonly MessageCounters _counters = new();
    private readonly QueueGauges _gauges;

    private NodeMetrics(ActorSystem system, MtaRuntime runtime, TimeProvider time)
    {
        MetricsSubscriber.Start(system, _counters);
        _gauges = new QueueGauges(runtime, time);
    }

    /// <summary>Subscribes to the log stream now: start it before any mail is received.</summary>
    public static NodeMetrics Start(ActorSystem system, MtaRuntime runtime, TimeProvider time) => new(system, runtime, time);

    public async Task<IReadOnlyList<MetricFamily>> CollectAsync() =>
        [.. _counters.Snapshot(), .. await _gauges.SampleAsync().ConfigureAwait(false)];

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", async () => Results.Text(PrometheusText.Format(await CollectAsync()), PrometheusText.ContentType));
        app.MapGet("/metrics.json", async () => Results.Json(MetricsJson.Format(await CollectAsync())));
    }
}
