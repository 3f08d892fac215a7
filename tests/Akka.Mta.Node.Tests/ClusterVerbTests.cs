using System.Text.Json.Nodes;
using Akka.Mta.Testing.SmtpServer;

namespace Akka.Mta.Node.Tests;

/// <summary><c>akka-mta cluster members|shards|singletons|leave</c> as processes against an in-process node.</summary>
public sealed class ClusterVerbTests
{
    private static string Url(ThrowawayNode node) => $"http://{node.Host.HttpEndpoint}";

    [Fact]
    public async Task Members_Shards_Singletons_PrintTables_AndJson()
    {
        await using var node = await ThrowawayNode.StartAsync();
        var url = Url(node);
        var self = node.Host.ClusterAddress;

        var members = await AkkaMtaProcess.RunAsync(["cluster", "members", "--url", url]);
        Assert.True(members.Exit == 0, members.Stderr);
        Assert.Matches($@"│ {System.Text.RegularExpressions.Regex.Escape(self)} +│ Up +│", members.Stdout);
        Assert.Contains("leader, this node", members.Stdout);

        var json = await AkkaMtaProcess.RunAsync(["cluster", "members", "--url", url, "--json"]);
        Assert.Equal(self, (string)JsonNode.Parse(json.Stdout)!["self"]!);

        var singletons = await AkkaMtaProcess.RunAsync(["cluster", "singletons", "--url", url]);
        Assert.True(singletons.Exit == 0, singletons.Stderr);
        Assert.Matches($@"│ tsa +│ {System.Text.RegularExpressions.Regex.Escape(self)} +│", singletons.Stdout);

        var shards = await AkkaMtaProcess.RunAsync(["cluster", "shards", "--url", url, "--json"]);
        Assert.True(shards.Exit == 0, shards.Stderr);
        Assert.NotNull(JsonNode.Parse(shards.Stdout)!["scheduled-queue"]!["regions"]);
    }

    [Fact]
    public async Task Leave_AsksTheNodeToStop_AndAnUnknownAddressIsOneErrorLine()
    {
        await using var node = await ThrowawayNode.StartAsync();
        var url = Url(node);

        var unknown = await AkkaMtaProcess.RunAsync(["cluster", "leave", "--url", url, "--address", "akka.tcp://akka-mta@127.0.0.1:1"]);
        Assert.Equal(1, unknown.Exit);
        Assert.StartsWith("akka-mta cluster leave: POST ", unknown.Stderr);
        Assert.Contains("404", unknown.Stderr);
        Assert.False(node.Host.StopRequested.IsCancellationRequested);

        var leave = await AkkaMtaProcess.RunAsync(["cluster", "leave", "--url", url]);
        Assert.True(leave.Exit == 0, leave.Stderr);
        Assert.Equal($"{node.Host.ClusterAddress} is leaving the cluster", leave.Stdout.Trim());
        await Eventually.HoldsAsync(() => node.Host.StopRequested.IsCancellationRequested, "the node to ask to be stopped after its leave", TimeSpan.FromSeconds(30));
        Assert.Contains("asked to leave", node.Host.StopReason);
    }
}
