using Akka.Actor;
using Akka.Mta.Core.Queues;
using Akka.Mta.Delivery;

namespace Akka.Mta.Node.Hosting.Metrics;

/// <summary>
/// The queue metrics: <c>scheduled_count{queue}</c> and its sums by domain, tenant and campaign,
/// <c>ready_count</c> / <c>connection_count</c> / <c>ready_full{service}</c>, the by-provider
/// counts, and the queues' <c>delayed_due_to_*</c> counters,
/// asked of the scheduled queues and egress paths that run on this node (its shard regions' state:
/// an entity hosted by another member is that member's to report). A sample
/// is reused for a second, so frequent scrapes cost one round of asks; an entity that does not
/// answer within two seconds is left out of that sample.
/// </summary>
public sealed class QueueGauges(MtaRuntime runtime, TimeProvider time)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(2);

    private readonly object _gate = new();
    private Task<IReadOnlyList<MetricFamily>>? _sample;
    private DateTimeOffset _sampledAt;

    public Task<IReadOnlyList<MetricFamily>> SampleAsync()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_sample is null || now - _sampledAt >= CacheFor)
            {
                _sample = TakeSampleAsync();
                _sampledAt = now;
            }
            return _sample;
        }
    }

    private async Task<IReadOnlyList<MetricFamily>> TakeSampleAsync()
    {
        var hostedQueues = await HostedAsync(runtime.Services.Queues).ConfigureAwait(false);
        var hostedPaths = await HostedAsync(runtime.Services.Paths).ConfigureAwait(false);
        var queueAsks = hostedQueues.Select(q => Answer(runtime.GetQueueStateAsync(q))).ToList();
        var pathAsks = hostedPaths.Select(p => Answer(runtime.GetPathStateAsync(p))).ToList();
        var queues = (await Task.WhenAll(queueAsks).ConfigureAwait(false)).OfType<Delivery.Queueing.ScheduledQueueState>().ToList();
        var states = (await Task.WhenAll(pathAsks).ConfigureAwait(false)).OfType<Delivery.Queueing.EgressPathState>().ToList();
        var names = queues.Select(q => (State: q, Name: ScheduledQueueName.Parse(q.Queue), Count: q.Scheduled + q.Parked)).ToList();
        var byProvider = states.Where(p => p.ProviderName is not null).GroupBy(p => p.ProviderName!, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        return
        [
            new MetricFamily("scheduled_count", MetricType.Gauge, "number of messages in the scheduled queue (including those held for a suspended egress path)",
                names.Select(q => Sample("queue", q.State.Queue, q.Count)).ToList()),
            Sum("scheduled_by_domain", "number of messages in the scheduled queues of the domain",
                names.Select(q => (Labels(("domain", q.Name.Domain)), (double)q.Count))),
            Sum("scheduled_by_tenant", "number of messages in the scheduled queues of the tenant",
                names.Where(q => q.Name.Tenant is not null).Select(q => (Labels(("tenant", q.Name.Tenant!)), (double)q.Count))),
            Sum("scheduled_by_tenant_campaign", "number of messages in the scheduled queues of the tenant's campaign",
                names.Where(q => q.Name.Tenant is not null && q.Name.Campaign is not null)
                    .Select(q => (Labels(("tenant", q.Name.Tenant!), ("campaign", q.Name.Campaign!)), (double)q.Count))),
            new MetricFamily("ready_count", MetricType.Gauge, "number of messages in the ready queue of the egress path",
                states.Select(p => Sample("service", Service(p.Path), p.Ready)).ToList()),
            new MetricFamily("connection_count", MetricType.Gauge, "number of open connections of the egress path",
                states.Select(p => Sample("service", Service(p.Path), p.Connections)).ToList()),
            new MetricFamily("connection_count_by_provider", MetricType.Gauge, "number of open connections of the provider's egress paths",
                byProvider.Select(g => Sample("provider", g.Key, g.Sum(p => p.Connections))).ToList()),
            new MetricFamily("queued_count_by_provider", MetricType.Gauge,
                "number of messages in the ready queues of the provider's egress paths, and being delivered (scheduled queues are not counted: they do not know their provider)",
                byProvider.Select(g => Sample("provider", g.Key, g.Sum(p => p.Ready + p.Busy))).ToList()),
            new MetricFamily("ready_full", MetricType.Counter, "number of messages that could not fit in the ready queue (since the egress path started)",
                states.Select(p => Sample("service", Service(p.Path), p.ReadyFull)).ToList()),
            new MetricFamily("delayed_due_to_message_rate_throttle", MetricType.Counter,
                "number of messages the scheduled queue's max_message_rate delayed (since the queue started; reset when it is reaped)",
                queues.Select(q => Sample("queue", q.Queue, q.DelayedByRate)).ToList()),
            new MetricFamily("delayed_due_to_ready_queue_full", MetricType.Counter,
                "number of messages a full ready queue sent back to the scheduled queue (since the queue started; reset when it is reaped)",
                queues.Select(q => Sample("queue", q.Queue, q.DelayedByReadyFull)).ToList()),
        ];
    }

    /// <summary>The entity ids the local shard region hosts (none when it does not answer in time).</summary>
    private static async Task<IReadOnlyList<string>> HostedAsync(IActorRef region)
    {
        var state = await Answer(region.Ask<Akka.Cluster.Sharding.CurrentShardRegionState>(Akka.Cluster.Sharding.GetShardRegionState.Instance, AnswerWithin)).ConfigureAwait(false);
        return state is null ? [] : [.. state.Shards.SelectMany(s => s.EntityIds).Order(StringComparer.Ordinal)];
    }

    private static IReadOnlyList<KeyValuePair<string, string>> Labels(params (string Name, string Value)[] labels) =>
        [.. labels.Select(l => KeyValuePair.Create(l.Name, l.Value))];

    /// <summary>A gauge summing the values of equal label sets, in label order.</summary>
    private static MetricFamily Sum(string name, string help, IEnumerable<(IReadOnlyList<KeyValuePair<string, string>> Labels, double Value)> values) =>
        new(name, MetricType.Gauge, help, [.. values
            .GroupBy(v => string.Join('\0', v.Labels.Select(l => l.Value)), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new MetricSample(g.First().Labels, g.Sum(v => v.Value)))]);

    private static MetricSample Sample(string label, string value, double number) => new([KeyValuePair.Create(label, value)], number);

    private static string Service(string path) => $"{EgressPathId.Parse(path).Protocol}:{path}";

    private static async Task<T?> Answer<T>(Task<T> ask) where T : class
    {
        try
        {
            return await ask.WaitAsync(AnswerWithin).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or AskTimeoutException or OperationCanceledException)
        {
            return null;
        }
    }
}
