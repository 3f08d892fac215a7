using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Mta.Core.Logging;
using Akka.Mta.Node.Hosting;
using Akka.Mta.Testing.Postgres;
using Akka.Mta.Testing.SmtpServer;

namespace Akka.Mta.Node.Tests;

/// <summary>
/// Two nodes in this process, one cluster on one PostgreSQL database (spool and state): the cluster
/// management API, the health probes, the per-node metrics and log records, the policy reload on
/// every member, and a graceful leave.
/// </summary>
[Collection(PostgresFixture.Collection)]
public sealed class ClusterApiTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private const string Policy = "local mta = require 'mta'\n";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task<ThrowawayNode> StartMemberAsync(PostgresDatabase database, int port, int seedPort, string policy = Policy) =>
        ThrowawayNode.StartAsync(policy, o => o with
        {
            ClusterPort = port,
            SeedNodes = [$"127.0.0.1:{seedPort}"],
            Spool = SpoolProvider.Postgres,
            SpoolConnectionString = database.ConnectionString,
            StateStore = Delivery.Clustering.StateStoreProvider.Postgres,
            StateConnectionString = database.ConnectionString,
        });

    private static async Task<JsonObject> MembersAsync(ThrowawayNode node) =>
        (await node.Http.GetFromJsonAsync<JsonObject>("/api/cluster/v1/members"))!;

    private static async Task<bool> AllUpAsync(ThrowawayNode node, int count)
    {
        var members = (await MembersAsync(node))["members"]!.AsArray();
        return members.Count == count && members.All(m => (string)m!["status"]! == "Up");
    }

    [Fact]
    public async Task TwoMembers_AgreeOnMembers_ServeHealthShardsSingletonsAndMetrics_PerNode()
    {
        await using var database = await postgres.CreateDatabaseAsync("cluster_api");
        var port1 = FreePort();
        var port2 = FreePort();
        await using var node1 = await StartMemberAsync(database, port1, port1);
        await using var node2 = await StartMemberAsync(database, port2, port1);

        await Eventually.ValueAsync(async () => await AllUpAsync(node1, 2) && await AllUpAsync(node2, 2) ? "" : null, "both members Up on both nodes", Deadline);
        var members1 = await MembersAsync(node1);
        var members2 = await MembersAsync(node2);
        Assert.Equal((string)members1["leader"]!, (string)members2["leader"]!);
        Assert.Equal($"akka.tcp://akka-mta@127.0.0.1:{port1}", (string)members1["self"]!);
        Assert.Equal($"127.0.0.1:{port2}", (string)members2["node"]!);
        Assert.All(members1["members"]!.AsArray(), m => Assert.NotNull((string?)m!["up_since"]));

        foreach (var node in new[] { node1, node2 })
        {
            var live = await node.Http.GetAsync(NodeHealth.LivePath);
            var ready = await node.Http.GetAsync(NodeHealth.ReadyPath);
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            var checks = (await ready.Content.ReadFromJsonAsync<JsonObject>())!["checks"]!.AsArray().Select(c => (string)c!["name"]!).ToList();
            Assert.Contains("spool", checks);
            Assert.True(checks.Count >= 2, $"readiness runs the spool check and Akka.Hosting's cluster check: {string.Join(", ", checks)}");
        }

        var singletons = await Eventually.ValueAsync(async () =>
        {
            var answer = (await node2.Http.GetFromJsonAsync<JsonObject>("/api/cluster/v1/singletons"))!["singletons"]!.AsArray();
            return answer.All(s => s!["running_on"] is not null) ? answer : null;
        }, "both singletons found running", Deadline);
        Assert.Equal(["tsa", "admin-controls"], singletons.Select(s => (string)s!["name"]!));
        Assert.All(singletons, s => Assert.Equal((string)s!["oldest_up"]!, (string)s["running_on"]!));

        // Mail to one queue: its entity runs on one member; the shards answer names it, and only that
        // member's metrics count the queue.
        var records = new List<LogRecord>();
        var subscriber = node1.Host.ActorSystem.ActorOf(Props.Create(() => new RecordCollector(records)));
        node1.Host.ActorSystem.EventStream.Subscribe(subscriber, typeof(LogRecord));
        var inject = await node1.Http.PostAsJsonAsync("/api/inject/v1", new
        {
            envelope_sender = "sender@example.org",
            recipients = new[] { new { email = "user@cluster-test.example" } },
            content = "Subject: cluster\r\n\r\nbody\r\n",
        });
        Assert.Equal(HttpStatusCode.OK, inject.StatusCode);
        var reception = await Eventually.ValueAsync(() => Task.FromResult(Snapshot(records).FirstOrDefault(r => r.Type == LogRecordType.Reception)), "the Reception record", Deadline);
        Assert.Equal(node1.Host.NodeName, reception.NodeId);

        var hostOf = await Eventually.ValueAsync(async () =>
        {
            var shards = (await node1.Http.GetFromJsonAsync<JsonObject>("/api/cluster/v1/shards"))!;
            return shards["scheduled-queue"]!["regions"]!.AsArray()
                .FirstOrDefault(r => r!["shards"]!.AsArray().Any(s => s!["entities"]?.AsArray().Any(e => (string)e! == "cluster-test.example") == true))
                ?["address"]?.GetValue<string>();
        }, "the queue cluster-test.example in the shards answer", Deadline);
        var (hosting, other) = hostOf.EndsWith($":{port1}", StringComparison.Ordinal) ? (node1, node2) : (node2, node1);
        var hostingMetrics = await Eventually.ValueAsync(async () =>
        {
            var text = await hosting.Http.GetStringAsync("/metrics");
            return text.Contains("scheduled_count{", StringComparison.Ordinal) && text.Contains("queue=\"cluster-test.example\"", StringComparison.Ordinal) ? text : null;
        }, "the hosting member's scheduled_count of the queue", Deadline);
        Assert.Contains($"node=\"{hosting.Host.NodeName}\",queue=\"cluster-test.example\"", hostingMetrics);
        var otherMetrics = await other.Http.GetStringAsync("/metrics");
        Assert.DoesNotContain("queue=\"cluster-test.example\"", otherMetrics);
        foreach (var line in otherMetrics.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            Assert.Contains($"node=\"{other.Host.NodeName}\"", line);
        }
    }

    [Fact]
    public async Task BumpConfigEpoch_ReloadsThePolicyOfEveryMember()
    {
        await using var database = await postgres.CreateDatabaseAsync("cluster_reload");
        var port1 = FreePort();
        var port2 = FreePort();
        await using var node1 = await StartMemberAsync(database, port1, port1);
        await using var node2 = await StartMemberAsync(database, port2, port1);
        await Eventually.ValueAsync(async () => await AllUpAsync(node1, 2) && await AllUpAsync(node2, 2) ? "" : null, "both members Up", Deadline);

        // node2's policy breaks: only a reload run on node2 can report its file and line.
        await File.WriteAllTextAsync(node2.PolicyFile, "local mta = require 'mta'\nmta.on('get_egress_source', function(name)\n  return {\nend)\n");
        var response = await node1.Http.PostAsync("/api/admin/bump-config-epoch", null);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("unchanged", (string)body["outcome"]!);
        var nodes = body["nodes"]!.AsArray();
        Assert.Equal(2, nodes.Count);
        var second = Assert.Single(nodes, n => (string?)n!["node"] == node2.Host.NodeName)!;
        Assert.Equal("failed", (string)second["outcome"]!);
        Assert.StartsWith($"{node2.PolicyFile}:4: ", (string)second["error"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Leave_OfAnotherMember_RemovesIt_AndItAsksToStop()
    {
        await using var database = await postgres.CreateDatabaseAsync("cluster_leave");
        var port1 = FreePort();
        var port2 = FreePort();
        await using var node1 = await StartMemberAsync(database, port1, port1);
        await using var node2 = await StartMemberAsync(database, port2, port1);
        await Eventually.ValueAsync(async () => await AllUpAsync(node1, 2) ? "" : null, "both members Up", Deadline);

        var unknown = await node1.Http.PostAsync("/api/cluster/v1/leave?address=" + Uri.EscapeDataString("akka.tcp://akka-mta@127.0.0.1:1"), null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var malformed = await node1.Http.PostAsync("/api/cluster/v1/leave?address=nonsense", null);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        var address = $"akka.tcp://akka-mta@127.0.0.1:{port2}";
        var leave = await node1.Http.PostAsync("/api/cluster/v1/leave?address=" + Uri.EscapeDataString(address), null);
        Assert.Equal(HttpStatusCode.Accepted, leave.StatusCode);

        await Eventually.HoldsAsync(() => node2.Host.StopRequested.IsCancellationRequested, "the member that left to ask to be stopped", Deadline);
        Assert.Contains("left the cluster", node2.Host.StopReason);
        await Eventually.ValueAsync(async () => await AllUpAsync(node1, 1) ? "" : null, "the member that left gone from the members", Deadline);
    }

    [Fact]
    public async Task Ready_Is503_WhenTheSpoolDatabaseIsGone_AndLiveStays200()
    {
        var database = await postgres.CreateDatabaseAsync("cluster_ready");
        var port = FreePort();
        await using var node = await StartMemberAsync(database, port, port);
        Assert.Equal(HttpStatusCode.OK, (await node.Http.GetAsync(NodeHealth.ReadyPath)).StatusCode);

        await database.DisposeAsync();

        var ready = await Eventually.ValueAsync(async () =>
        {
            var response = await node.Http.GetAsync(NodeHealth.ReadyPath);
            return response.StatusCode == HttpStatusCode.ServiceUnavailable ? await response.Content.ReadFromJsonAsync<JsonObject>() : null;
        }, "readiness to fail once the spool's database is dropped", Deadline);
        var spool = Assert.Single(ready["checks"]!.AsArray(), c => (string)c!["name"]! == "spool")!;
        Assert.Equal("Unhealthy", (string)spool["status"]!);
        Assert.Equal(HttpStatusCode.OK, (await node.Http.GetAsync(NodeHealth.LivePath)).StatusCode);
    }

    [Fact]
    public async Task LoneNode_IsLiveAndReady_AndItsMembersListIsItself()
    {
        await using var node = await ThrowawayNode.StartAsync();

        var live = await node.Http.GetAsync(NodeHealth.LivePath);
        var ready = await node.Http.GetAsync(NodeHealth.ReadyPath);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var liveChecks = (await live.Content.ReadFromJsonAsync<JsonObject>())!["checks"]!.AsArray();
        var readyChecks = (await ready.Content.ReadFromJsonAsync<JsonObject>())!["checks"]!.AsArray();
        Assert.True(liveChecks.Count >= 1, "liveness runs Akka.Hosting's actor system check: " + liveChecks.ToJsonString());
        Assert.True(readyChecks.Count >= 2, "readiness runs Akka.Hosting's cluster check and the spool check: " + readyChecks.ToJsonString());
        var members = await MembersAsync(node);
        var self = Assert.Single(members["members"]!.AsArray())!;
        Assert.Equal((string)members["self"]!, (string)self["address"]!);
        Assert.Equal((string)members["leader"]!, (string)self["address"]!);
        Assert.Equal("Up", (string)self["status"]!);
    }

    private static List<LogRecord> Snapshot(List<LogRecord> records)
    {
        lock (records)
        {
            return [.. records];
        }
    }

    private sealed class RecordCollector : ReceiveActor
    {
        public RecordCollector(List<LogRecord> records) => Receive<LogRecord>(r =>
        {
            lock (records)
            {
                records.Add(r);
            }
        });
    }
}
