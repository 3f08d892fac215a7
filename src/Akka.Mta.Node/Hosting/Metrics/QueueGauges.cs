using Akka.Mta.Actors;
using Akka.Mta.Core.Queues;
using Akka.Mta.Delivery;

namespace Akka.Mta.Node.Hosting.Metrics;

/// <summary>
/// <c>scheduled_count{queue}</c>, <c>ready_count{service}</c> and <c>connection_count{service}</c>,
/// asked of the scheduled queues and egress paths that run (the admin controls know them). A sample
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
        var running = await Answer(runtime.GetRunningEntitiesAsync()).ConfigureAwait(false) ?? new Delivery.Admin.RunningEntities([], []);
        var queueAsks = running.Queues.Select(q => Answer(runtime.GetQueueStateAsync(q))).ToList();
        var pathAsks = running.Paths.Select(p => Answer(runtime.GetPathStateAsync(p))).ToList();
        var queues = (await Task.WhenAll(queueAsks).ConfigureAwait(false)).OfType<Delivery.Queueing.ScheduledQueueState>().ToList();
        var states = (await Task.WhenAll(pathAsks).ConfigureAwait(false)).OfType<Delivery.Queueing.EgressPathState>().ToList();
        return
        [
            new MetricFamily("scheduled_count", MetricType.Gauge, "number of messages in the scheduled queue (including those held for a suspended egress path)",
                queues.Select(q => Sample("queue", q.Queue, q.Scheduled + q.Parked)).ToList()),
            new MetricFamily("ready_count", MetricType.Gauge, "number of messages in the ready queue of the egress path",
                states.Select(p => Sample("service", Service(p.Path), p.Ready)).ToList()),
            new MetricFamily("connection_count", MetricType.Gauge, "number of open connections of the egress path",
                states.Select(p => Sample("service", Service(p.Path), p.Connections)).ToList()),
        ];
    }

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
