using System.CommandLine;
using System.Text.Json;

namespace Akka.Mta.Node.Commands;

/// <summary>
/// <c>akka-mta cluster members|shards|singletons|leave</c>: a running node's view of its cluster
/// (<c>/api/cluster/v1/*</c>) as tables, or the node's JSON with <c>--json</c>; <c>leave</c> makes the
/// node (or <c>--address</c>, another member) leave gracefully and stop.
/// </summary>
internal static class ClusterCommand
{
    public static Command Create() => new("cluster", "a running node's cluster: members, shards, singletons, graceful leave")
    {
        Members(),
        Shards(),
        Singletons(),
        Leave(),
    };

    private static Command Members() => Get("members", "list the members as the node sees them (status, roles, leader)", "/api/cluster/v1/members", (answer, console) =>
    {
        var leader = Tables.Cell(answer, "leader");
        var self = Tables.Cell(answer, "self");
        var table = Tables.Create("ADDRESS", "STATUS", "ROLES", "UP SINCE", "REACHABLE", "");
        foreach (var member in answer.GetProperty("members").EnumerateArray())
        {
            var address = Tables.Cell(member, "address");
            var marks = string.Join(", ", new[] { address == leader ? "leader" : null, address == self ? "this node" : null }.OfType<string>());
            Tables.Row(table, address, Tables.Cell(member, "status"), string.Join(", ", member.GetProperty("roles").EnumerateArray().Select(r => r.GetString())),
                Tables.Cell(member, "up_since"), Tables.Cell(member, "reachable"), marks);
        }
        console.Write(table);
    });

    private static Command Shards() => Get("shards", "list which member hosts which shard and entities, per entity type", "/api/cluster/v1/shards", (answer, console) =>
    {
        var table = Tables.Create("TYPE", "MEMBER", "SHARD", "ENTITIES", "ENTITY IDS");
        foreach (var type in answer.EnumerateObject())
        {
            if (!type.Value.TryGetProperty("regions", out var regions))
            {
                Tables.Row(table, type.Name, "", "", "", Tables.Cell(type.Value, "error"));
                continue;
            }
            foreach (var region in regions.EnumerateArray())
            {
                foreach (var shard in region.GetProperty("shards").EnumerateArray())
                {
                    var ids = shard.TryGetProperty("entities", out var list) && list.ValueKind == JsonValueKind.Array
                        ? string.Join(", ", list.EnumerateArray().Select(e => e.GetString()))
                        : "(the member did not answer)";
                    Tables.Row(table, type.Name, Tables.Cell(region, "address"), Tables.Cell(shard, "id"), Tables.Cell(shard, "entity_count"), ids);
                }
            }
        }
        console.Write(table);
    });

    private static Command Singletons() => Get("singletons", "show where the tsa and admin-controls singletons run", "/api/cluster/v1/singletons", (answer, console) =>
    {
        var table = Tables.Create("SINGLETON", "RUNNING ON", "OLDEST UP MEMBER");
        foreach (var singleton in answer.GetProperty("singletons").EnumerateArray())
        {
            Tables.Row(table, Tables.Cell(singleton, "name"), Tables.Cell(singleton, "running_on"), Tables.Cell(singleton, "oldest_up"));
        }
        console.Write(table);
    });

    private static Command Leave()
    {
        var address = new Option<string?>("--address") { Description = "another member's address (akka.tcp://NAME@HOST:PORT); default: the node --url names" };
        var url = NodeApiClient.UrlOption();
        var json = NodeApiClient.JsonOption();
        var command = new Command("leave", "make the node (or --address) leave the cluster gracefully, handing its shards off, and stop") { address, url, json };
        command.SetAction((parse, cancellationToken) => NodeApiClient.RunAsync(parse, url, async node =>
        {
            var query = parse.GetValue(address) is { } a ? "?address=" + Uri.EscapeDataString(a) : "";
            var answer = await node.SendAsync(HttpMethod.Post, "/api/cluster/v1/leave" + query, null, cancellationToken);
            await parse.InvocationConfiguration.Output.WriteLineAsync(parse.GetValue(json)
                ? answer
                : $"{Tables.Cell(NodeApiClient.Parse(answer), "leaving")} is leaving the cluster");
            return 0;
        }));
        return command;
    }

    private static Command Get(string name, string description, string path, Action<JsonElement, Spectre.Console.IAnsiConsole> print)
    {
        var url = NodeApiClient.UrlOption();
        var json = NodeApiClient.JsonOption();
        var command = new Command(name, description) { url, json };
        command.SetAction((parse, cancellationToken) => NodeApiClient.RunAsync(parse, url, async node =>
        {
            var answer = await node.GetAsync(path, cancellationToken);
            if (parse.GetValue(json))
            {
                await parse.InvocationConfiguration.Output.WriteLineAsync(answer);
                return 0;
            }
            print(NodeApiClient.Parse(answer), Tables.Console(parse.InvocationConfiguration.Output));
            return 0;
        }));
        return command;
    }
}
