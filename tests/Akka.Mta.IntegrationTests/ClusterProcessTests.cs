using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Akka.Mta.Testing.Postgres;
using Xunit.Abstractions;

namespace Akka.Mta.IntegrationTests;

/// <summary>
/// Three <c>akka-mta serve</c> processes from cluster-config/loopback-3-node on one PostgreSQL: they
/// form one cluster; a node killed with SIGKILL is downed and removed by the others and, restarted,
/// is Up again; a node asked to leave over HTTP stops by itself and is removed.
/// </summary>
[Collection(PostgresFixture.Collection)]
public sealed class ClusterProcessTests(PostgresFixture postgres, ITestOutputHelper output)
{
    [Fact]
    public async Task ThreeNodes_FormOneCluster_AndEveryNodeAgrees()
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = await ClusterProcesses.StartAsync(postgres);
        var all = cluster.Nodes.Select(n => n.Address).ToList();
        var listening = clock.Elapsed;

        var view = await cluster.WaitForAgreementAsync(all);
        output.WriteLine($"three processes listening after {listening.TotalSeconds:0.0} s, all agreeing on 3 Up after {clock.Elapsed.TotalSeconds:0.0} s");

        Assert.Contains((string)view["leader"]!, all);
        foreach (var node in cluster.Nodes)
        {
            var members = (await node.TryMembersAsync())!;
            Assert.Equal(node.Address, (string)members["self"]!);
            Assert.Equal($"node{node.Index + 1}", (string)members["node"]!);
            Assert.Equal(HttpStatusCode.OK, (await node.Http.GetAsync("/healthz/ready")).StatusCode);
        }
    }

    [Fact]
    public async Task AKilledNode_IsRemovedByTheOthers_AndRestarted_IsUpAgain()
    {
        await using var cluster = await ClusterProcesses.StartAsync(postgres);
        var all = cluster.Nodes.Select(n => n.Address).ToList();
        await cluster.WaitForAgreementAsync(all);

        // The first seed: restarted, it must join the running cluster, not form one of its own.
        var clock = Stopwatch.StartNew();
        await cluster.KillAsync(0);
        await cluster.WaitForAgreementAsync(all.Skip(1).ToList());
        var removed = clock.Elapsed;

        clock.Restart();
        await cluster.RestartAsync(0);
        var view = await cluster.WaitForAgreementAsync(all);
        output.WriteLine($"killed first seed removed by the others after {removed.TotalSeconds:0.0} s; restarted, all 3 Up again after {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(3, view["members"]!.AsArray().Count);
    }

    [Fact]
    public async Task ANodeAskedToLeave_StopsByItself_AndIsRemoved()
    {
        await using var cluster = await ClusterProcesses.StartAsync(postgres);
        var all = cluster.Nodes.Select(n => n.Address).ToList();
        await cluster.WaitForAgreementAsync(all);
        var leaving = cluster.Node(2);

        var clock = Stopwatch.StartNew();
        var response = await leaving.Http.PostAsync("/api/cluster/v1/leave", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(leaving.Address, (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["leaving"]!);

        Assert.Equal(0, await leaving.WaitForExitAsync("node3 to stop after its leave"));
        var exited = clock.Elapsed;
        Assert.Contains("asked to leave the cluster", leaving.Output);
        await cluster.WaitForAgreementAsync(all.Take(2).ToList());
        output.WriteLine($"left node exited after {exited.TotalSeconds:0.0} s, the others agree on 2 after {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task MailInjectedIntoEachNode_ReachesTheSink()
    {
        await using var cluster = await ClusterProcesses.StartAsync(postgres);
        await cluster.WaitForAgreementAsync(cluster.Nodes.Select(n => n.Address).ToList());

        foreach (var node in cluster.Nodes)
        {
            var response = await node.Http.PostAsJsonAsync("/api/inject/v1", new
            {
                envelope_sender = "sender@example.org",
                recipients = new[] { new { email = $"user@node{node.Index + 1}.example" } },
                content = "Subject: cluster\r\n\r\nbody\r\n",
            });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var until = DateTime.UtcNow + ClusterProcesses.Deadline;
        while (await cluster.Sink.MessagesAsync() < 3)
        {
            Assert.True(DateTime.UtcNow < until, $"the sink has {await cluster.Sink.MessagesAsync()} of the 3 messages injected into the three nodes");
            await Task.Delay(200);
        }
        Assert.Equal(3, await cluster.Sink.MessagesAsync());
    }
}
