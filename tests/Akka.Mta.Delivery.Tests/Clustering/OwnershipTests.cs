using System.Text;
using Akka.Actor;
using Akka.Mta.Core;
using Akka.Mta.Core.Logging;
using Akka.Mta.Delivery.Queueing;
using Akka.Mta.Persistence.Spool;
using Akka.Mta.Smtp.Sink;
using Akka.Mta.Testing.Postgres;
using Akka.Mta.Testing.SmtpServer;
using Xunit.Abstractions;

namespace Akka.Mta.Delivery.Tests.Clustering;

/// <summary>
/// Ownership of mail between nodes: in-process ActorSystems sharing one real PostgreSQL spool and
/// one real SMTP sink. Queues load their own messages (no start-up scan), a stale incarnation of a
/// queue is fenced off, and a node leaving or dying loses no message.
/// </summary>
[Collection(PostgresFixture.Collection)]
public sealed class OwnershipTests(PostgresFixture postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(3);
    private readonly List<IAsyncDisposable> _cleanup = [];
    private MailSinkHost _sink = null!;
    private string _spool = null!;
    private string _state = null!;

    public async Task InitializeAsync()
    {
        _sink = await MailSinkHost.StartAsync(new MailSinkOptions());
        var spool = await postgres.CreateDatabaseAsync("spool");
        var state = await postgres.CreateDatabaseAsync("state");
        _cleanup.Add(state);
        _cleanup.Add(spool);
        _spool = spool.ConnectionString;
        _state = state.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        await _sink.DisposeAsync();
        foreach (var item in _cleanup)
        {
            await item.DisposeAsync();
        }
    }

    private static SpoolMessage Spooled(string recipient, DateTimeOffset due)
    {
        var id = SpoolId.New(TimeProvider.System);
        var queue = QueueNaming.QueueOf(recipient, new Dictionary<string, System.Text.Json.Nodes.JsonNode?>());
        var body = Encoding.ASCII.GetBytes($"From: s@example.org\r\nTo: {recipient}\r\nMessage-ID: <{id}@test>\r\nSubject: t\r\n\r\nHello.\r\n");
        return new SpoolMessage(id, new SpoolEnvelope("s@example.org", [recipient]), new SpoolSchedule(queue, due, 0), "{}", body);
    }

    private static async Task StoreAllAsync(ISpool spool, IEnumerable<SpoolMessage> messages)
    {
        foreach (var chunk in messages.Chunk(500))
        {
            await Task.WhenAll(chunk.Select(m => spool.StoreAsync(m)));
        }
    }

    private static async Task<int> SpoolCountAsync(ISpool spool)
    {
        var count = 0;
        await foreach (var _ in spool.EnumerateAllAsync())
        {
            count++;
        }
        return count;
    }

    /// <summary>Eventually.HoldsAsync with a long deadline that says, when it fails, how things stood.</summary>
    private static async Task HoldsAsync(Func<bool> condition, string what, Func<string> status)
    {
        try
        {
            await Eventually.HoldsAsync(condition, what, Long);
        }
        catch (Xunit.Sdk.FailException e)
        {
            Assert.Fail($"{e.Message} ({status()})");
        }
    }

    /// <summary>What is left in the spool, queue by queue, and what the queues holding it say.</summary>
    private static string Status(ClusterNode node, int delivered)
    {
        var left = node.Store.Spool.EnumerateAllAsync().ToBlockingEnumerable().GroupBy(e => e.Schedule.Queue).ToList();
        var queues = left.Select(g => $"{g.Key}: {g.Count()} in the spool, {node.Runtime.GetQueueStateAsync(g.Key).Result}");
        return $"{delivered} delivered; left: {string.Join("; ", queues)}";
    }

    /// <summary>Delivery records of every node by spool id: each must be there exactly once.</summary>
    private static Dictionary<string, int> Deliveries(params ClusterNode[] nodes) =>
        nodes.SelectMany(n => n.OfType(LogRecordType.Delivery)).GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.Count());

    [Fact]
    public async Task AfterARestart_NothingReadsTheSpoolAtStart_EachQueueLoadsItselfWhenWoken_AndTheSweeperWakesTheRest()
    {
        // 10,000 messages in 50 queues, spooled before any node runs.
        var now = DateTimeOffset.UtcNow;
        var messages = Enumerable.Range(0, 10_000).Select(i => Spooled($"r{i}@q{i % 50}.example", now)).ToList();
        await using (var store = await Persistence.Postgres.PostgresPersistence.OpenAsync(new Persistence.Postgres.PostgresStoreOptions(_spool)))
        {
            await StoreAllAsync(store.Spool, messages);
        }

        // A node without the sweeper: its start reads no message, so nothing is delivered until a queue is woken.
        var started = DateTimeOffset.UtcNow;
        var node = await ClusterNode.StartAsync("own-restart", "n1", _sink, _spool, _state, sweeper: false);
        _cleanup.Insert(0, node);
        output.WriteLine($"node up and runtime started in {(DateTimeOffset.UtcNow - started).TotalSeconds:0.0} s");
        var q0 = messages[0].Schedule.Queue;
        var woken = DateTimeOffset.UtcNow;
        await node.Runtime.GetQueueStateAsync(q0); // asking for a queue starts it
        await Eventually.HoldsAsync(() => Deliveries(node).Count == 200, $"the 200 messages of {q0} delivered once woken", Long);
        output.WriteLine($"{q0}: 200 delivered {(DateTimeOffset.UtcNow - woken).TotalSeconds:0.0} s after it was woken");
        // Asking for a queue starts it; it answers at once and claims and loads in the background.
        await Eventually.ValueAsync(async () => await node.Runtime.GetQueueStateAsync(messages[1].Schedule.Queue) is { Epoch: >= 1 } s ? s : null,
            "the second queue claimed", Long);
        await Eventually.HoldsAsync(() => Deliveries(node).Count == 400, "the 200 messages of the second queue asked for", Long);
        var running = await node.Runtime.GetRunningEntitiesAsync();
        Assert.True(running.Queues.Count <= 2, $"only the woken queues run, not: {string.Join(", ", running.Queues)}");
        Assert.Equal(10_000 - 400, await SpoolCountAsync(node.Store.Spool));
        Assert.Equal(400, _sink.Stats.Messages);

        // A full restart with the sweeper: it lists the queues and wakes them, each loads its own rows.
        await node.LeaveAsync();
        _cleanup.Remove(node);
        started = DateTimeOffset.UtcNow;
        var again = await ClusterNode.StartAsync("own-restart", "n1", _sink, _spool, _state);
        _cleanup.Insert(0, again);
        await Eventually.HoldsAsync(() => Deliveries(again).Count == 9_600, "the other 9,600 delivered after the restart", Long);
        output.WriteLine($"9,600 in 48 queues delivered {(DateTimeOffset.UtcNow - started).TotalSeconds:0.0} s after the restart began");
        Assert.Equal(10_000, _sink.Stats.Messages);
        Assert.All(Deliveries(node, again).Values, count => Assert.Equal(1, count));
        await Eventually.HoldsAsync(() => SpoolCountAsync(again.Store.Spool).Result == 0, "the spool empty", Long);
    }

    [Fact]
    public async Task TwoIncarnationsOfAQueue_OnTwoActorSystemsSharingTheSpool_OnlyTheNewerDelivers()
    {
        // Two clusters of one (as after a split): each runs its own entity of the same queue.
        var later = DateTimeOffset.UtcNow.AddHours(1);
        var messages = Enumerable.Range(0, 100).Select(i => Spooled($"r{i}@fence.example", later)).ToList();
        var queue = messages[0].Schedule.Queue;
        var older = await ClusterNode.StartAsync("own-split-a", "a", _sink, _spool, _state, sweeper: false);
        _cleanup.Insert(0, older);
        // The other cluster keeps its singletons' state apart (a cluster's state is its own).
        var otherState = await postgres.CreateDatabaseAsync("state");
        _cleanup.Add(otherState);
        var newer = await ClusterNode.StartAsync("own-split-b", "b", _sink, _spool, otherState.ConnectionString, sweeper: false);
        _cleanup.Insert(0, newer);
        await StoreAllAsync(older.Store.Spool, messages);

        // Both load the 100 messages (due in an hour); the second claim makes the first incarnation stale.
        var a = await Eventually.ValueAsync(async () => await older.Runtime.GetQueueStateAsync(queue) is { Scheduled: 100 } s ? s : null, "a holding 100", Long);
        var b = await Eventually.ValueAsync(async () => await newer.Runtime.GetQueueStateAsync(queue) is { Scheduled: 100 } s ? s : null, "b holding 100", Long);
        Assert.True(b.Epoch > a.Epoch, $"epochs a={a.Epoch} b={b.Epoch}");

        // Both make every message due now at once: both offer all 100 to their own paths.
        var criteria = new QueueCriteria { QueueNames = [queue] };
        var empty = new Dictionary<string, string>();
        await Task.WhenAll(
            older.Runtime.RebindAsync(criteria, empty, "flush", alwaysFlush: true, suppressLogging: true),
            newer.Runtime.RebindAsync(criteria, empty, "flush", alwaysFlush: true, suppressLogging: true));

        await HoldsAsync(() => Deliveries(newer).Count == 100, "the newer incarnation delivering all 100",
            () => $"sink {_sink.Stats.Messages}, a: {older.Summary()}, b: {newer.Summary()}, b's queue: {newer.Runtime.GetQueueStateAsync(queue).Result}");
        // The older one's offers were refused at the connection: it retired without sending any.
        await Eventually.HoldsAsync(() => !older.Runtime.GetRunningEntitiesAsync().Result.Queues.Contains(queue), "the older incarnation retired", Long);
        Assert.Empty(older.OfType(LogRecordType.Delivery));
        Assert.Equal(100, _sink.Stats.Messages);
        Assert.All(Deliveries(newer).Values, count => Assert.Equal(1, count));
        Assert.Equal(0, await SpoolCountAsync(newer.Store.Spool));
    }

    [Fact]
    public async Task ANodeLeavingGracefullyUnderLoad_EveryMessageIsDeliveredExactlyOnce()
    {
        var first = await ClusterNode.StartAsync("own-leave", "n1", _sink, _spool, _state, pathOptions: "max_message_rate = '100/s',");
        _cleanup.Insert(0, first);
        var second = await ClusterNode.StartAsync("own-leave", "n2", _sink, _spool, _state, [first.Address], pathOptions: "max_message_rate = '100/s',");
        _cleanup.Insert(0, second);
        var third = await ClusterNode.StartAsync("own-leave", "n3", _sink, _spool, _state, [first.Address], pathOptions: "max_message_rate = '100/s',");
        _cleanup.Insert(0, third);

        // 1,500 messages in 30 queues through reception on every node; paced to 100/s per path, so the leave falls mid-load.
        var inbound = Enumerable.Range(0, 1_500).Select(i => Delivery.DeliveryHarness.Message($"r{i}@leave{i % 30}.example")).ToList();
        var nodes = new[] { first, second, third };
        var ids = new List<SpoolId>();
        foreach (var (chunk, index) in inbound.Chunk(100).Select((c, i) => (c, i)))
        {
            ids.AddRange(await nodes[index % 3].Runtime.SubmitAsync(chunk, CancellationToken.None));
        }
        await Eventually.HoldsAsync(() => _sink.Stats.Messages >= 200, "the first 200 delivered", Long);
        var leaving = DateTimeOffset.UtcNow;
        await second.LeaveAsync();
        output.WriteLine($"n2 left in {(DateTimeOffset.UtcNow - leaving).TotalSeconds:0.0} s with {_sink.Stats.Messages} delivered");

        await HoldsAsync(() => Deliveries(nodes).Count == 1_500, "all 1,500 delivered", () => Status(first, Deliveries(nodes).Count));
        var deliveries = Deliveries(nodes);
        output.WriteLine($"delivered {deliveries.Count} distinct, {_sink.Stats.Messages} at the sink, {deliveries.Values.Count(c => c > 1)} twice");
        Assert.Equal(ids.Select(i => i.ToString()).Order(), deliveries.Keys.Order());
        Assert.All(deliveries.Values, count => Assert.Equal(1, count));
        Assert.Equal(1_500, _sink.Stats.Messages);
    }

    [Fact]
    public async Task ANodeStoppedAbruptlyUnderLoad_TheSurvivorsDeliverEverySpooledMessage()
    {
        var first = await ClusterNode.StartAsync("own-kill", "n1", _sink, _spool, _state, pathOptions: "max_message_rate = '100/s',");
        _cleanup.Insert(0, first);
        var second = await ClusterNode.StartAsync("own-kill", "n2", _sink, _spool, _state, [first.Address], pathOptions: "max_message_rate = '100/s',");
        _cleanup.Insert(0, second);
        var victim = await ClusterNode.StartKillableAsync("own-kill", "n3", _sink, _spool, [first.Address], pathOptions: "max_message_rate = '100/s',");
        _cleanup.Insert(0, victim);
        var nodes = new[] { first, second, victim };

        var inbound = Enumerable.Range(0, 1_500).Select(i => Delivery.DeliveryHarness.Message($"r{i}@kill{i % 30}.example")).ToList();
        var ids = new List<SpoolId>();
        foreach (var (chunk, index) in inbound.Chunk(100).Select((c, i) => (c, i)))
        {
            ids.AddRange(await nodes[index % 3].Runtime.SubmitAsync(chunk, CancellationToken.None));
        }
        await Eventually.HoldsAsync(() => _sink.Stats.Messages >= 200, "the first 200 delivered", Long);
        var region = await victim.Runtime.Services.Queues.Ask<Akka.Cluster.Sharding.CurrentShardRegionState>(
            Akka.Cluster.Sharding.GetShardRegionState.Instance, TimeSpan.FromSeconds(10));
        var victimQueues = region.Shards.SelectMany(s => s.EntityIds).ToHashSet();
        var cluster = Akka.Cluster.Cluster.Get(first.System);
        var killed = DateTimeOffset.UtcNow;
        await victim.KillAsync();
        var unreachable = Task.Run(async () =>
        {
            await Eventually.HoldsAsync(() => cluster.State.Unreachable.Count > 0 || cluster.State.Members.Count == 2, "n3 unreachable", Long);
            return DateTimeOffset.UtcNow;
        });
        var removed = Task.Run(async () =>
        {
            await Eventually.HoldsAsync(() => cluster.State.Members.Count == 2 && cluster.State.Unreachable.Count == 0, "n3 removed", Long);
            return DateTimeOffset.UtcNow;
        });
        output.WriteLine($"n3 terminated without leaving at {_sink.Stats.Messages} delivered, owning {victimQueues.Count} queues");

        await HoldsAsync(() => Deliveries(nodes).Count == 1_500, "all 1,500 delivered by the survivors", () => Status(first, Deliveries(nodes).Count));
        var deliveries = Deliveries(nodes);
        var removedAt = await removed;
        var firstAfter = nodes.Take(2).SelectMany(n => n.OfType(LogRecordType.Delivery))
            .Where(r => victimQueues.Contains(r.Queue) && r.EventTime > removedAt).Select(r => (DateTimeOffset?)r.EventTime).Min();
        var last = deliveries.Count == 0 ? killed : nodes.SelectMany(n => n.OfType(LogRecordType.Delivery)).Max(r => r.EventTime);
        output.WriteLine($"failover: n3 unreachable after {(await unreachable - killed).TotalSeconds:0.0} s, removed after {(removedAt - killed).TotalSeconds:0.0} s; "
            + $"first delivery of a queue n3 owned after its removal at +{(firstAfter is { } f ? $"{(f - killed).TotalSeconds:0.0}" : "-")} s; last delivery at +{(last - killed).TotalSeconds:0.0} s");
        output.WriteLine($"delivered {deliveries.Count} distinct, {_sink.Stats.Messages} at the sink, duplicates: {_sink.Stats.Messages - deliveries.Count} at the sink, {deliveries.Values.Count(c => c > 1)} ids with two records");
        Assert.Equal(ids.Select(i => i.ToString()).Order(), deliveries.Keys.Order());
        await Eventually.HoldsAsync(() => SpoolCountAsync(first.Store.Spool).Result == 0, "the spool empty", Long);
    }
}
