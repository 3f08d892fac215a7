using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Akka.Mta.Node.Tests;

/// <summary><c>POST /api/admin/bump-config-epoch</c> answers what the reload did, as JSON with a fitting status.</summary>
public sealed class PolicyReloadApiTests
{
    private const string Policy = """
        local mta = require 'mta'
        mta.on('get_egress_source', function(name) return { name = name, ehlo_domain = 'v1' } end)
        """;

    [Fact]
    public async Task BumpConfigEpoch_OfABrokenPolicy_Is422_WithFileAndLine_AndTheOldEpochRuns()
    {
        await using var node = await ThrowawayNode.StartAsync(Policy);
        await File.WriteAllTextAsync(node.PolicyFile, "local mta = require 'mta'\nmta.on('get_egress_source', function(name)\n  return {\nend)\n");

        var response = await node.Http.PostAsync("/api/admin/bump-config-epoch", null);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(1, (long)body!["epoch"]!);
        Assert.Equal("failed", (string)body["outcome"]!);
        Assert.StartsWith($"{node.PolicyFile}:4: ", (string)body["error"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BumpConfigEpoch_OfAPolicyThatDropsHandlers_Is409_NamingThem_UntilAllowed()
    {
        await using var node = await ThrowawayNode.StartAsync(Policy);
        await File.WriteAllTextAsync(node.PolicyFile, "local mta = require 'mta'\n");

        var refused = await node.Http.PostAsync("/api/admin/bump-config-epoch", null);
        var body = await refused.Content.ReadFromJsonAsync<JsonObject>();
        var allowed = await node.Http.PostAsync("/api/admin/bump-config-epoch?allow_dropped_handlers=true", null);
        var allowedBody = await allowed.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("refused", (string)body!["outcome"]!);
        Assert.Equal(1, (long)body["epoch"]!);
        Assert.Contains("no longer registers get_egress_source", (string)body["error"]!, StringComparison.Ordinal);
        Assert.Equal("get_egress_source", (string)body["dropped_handlers"]![0]!);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("reloaded", (string)allowedBody!["outcome"]!);
        Assert.Equal(2, (long)allowedBody["epoch"]!);
    }

    [Fact]
    public async Task BumpConfigEpoch_OfAGoodPolicy_Is200_WithTheNewEpoch()
    {
        await using var node = await ThrowawayNode.StartAsync(Policy);
        await File.WriteAllTextAsync(node.PolicyFile, Policy.Replace("'v1'", "'v2'", StringComparison.Ordinal));

        var response = await node.Http.PostAsync("/api/admin/bump-config-epoch", null);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (long)body!["epoch"]!);
        // The file watcher may have reloaded first; then the admin reload finds nothing new.
        Assert.Contains((string)body["outcome"]!, new[] { "reloaded", "unchanged" });
    }

    [Fact]
    public async Task BumpConfigEpoch_WithABadFlag_Is400()
    {
        await using var node = await ThrowawayNode.StartAsync(Policy);

        var response = await node.Http.PostAsync("/api/admin/bump-config-epoch?allow_dropped_handlers=maybe", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("allow_dropped_handlers", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
