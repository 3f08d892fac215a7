using System.CommandLine;
using System.Text.Json;

namespace Akka.Mta.Node.Commands;

/// <summary>
/// What a running node's queues hold: <c>akka-mta queues</c> lists every scheduled queue and egress
/// path (ready queue) it knows with their counts; <c>akka-mta inspect --queue Q | --path P</c> shows
/// one of them in full.
/// </summary>
internal static class QueuesCommand
{
    public static Command CreateQueues()
    {
        var url = NodeApiClient.UrlOption();
        var json = NodeApiClient.JsonOption();
        var command = new Command("queues", "list a running node's scheduled queues and egress paths with their counts") { url, json };
        command.SetAction((parse, cancellationToken) => NodeApiClient.RunAsync(parse, url, async node =>
        {
            var answer = await node.GetAsync("/api/admin/queues/v1", cancellationToken);
            if (parse.GetValue(json))
            {
                await parse.InvocationConfiguration.Output.WriteLineAsync(answer);
                return 0;
            }
            var queues = NodeApiClient.Parse(answer);
            var scheduled = Tables.Create("SCHEDULED QUEUE", "SCHEDULED", "DUE", "PARKED");
            foreach (var queue in queues.GetProperty("scheduled").EnumerateArray())
            {
                Tables.Row(scheduled, Tables.Cell(queue, "name"), Tables.Cell(queue, "scheduled"), Tables.Cell(queue, "due"), Tables.Cell(queue, "parked"));
            }
            var ready = Tables.Create("READY QUEUE (EGRESS PATH)", "READY", "CONNECTIONS", "BUSY", "LIMIT", "SUSPENDED");
            foreach (var path in queues.GetProperty("ready").EnumerateArray())
            {
                Tables.Row(ready, Tables.Cell(path, "name"), Tables.Cell(path, "ready"), Tables.Cell(path, "connections"), Tables.Cell(path, "busy"),
                    Tables.Cell(path, "connection_limit"), Suspension(path));
            }
            var console = Tables.Console(parse.InvocationConfiguration.Output);
            console.Write(scheduled);
            console.Write(ready);
            return 0;
        }));
        return command;
    }

    public static Command CreateInspect()
    {
        var queue = new Option<string>("--queue") { Description = "a scheduled queue, e.g. campaign:tenant@example.com (one of --queue and --path)" };
        var path = new Option<string>("--path") { Description = "an egress path (ready queue), source->site@smtp_client (one of --queue and --path)" };
        var url = NodeApiClient.UrlOption();
        var json = NodeApiClient.JsonOption();
        var command = new Command("inspect", "show one scheduled queue or egress path of a running node") { queue, path, url, json };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(queue) is null) == (result.GetValue(path) is null))
            {
                result.AddError("give one of --queue Q or --path P");
            }
        });
        command.SetAction((parse, cancellationToken) => NodeApiClient.RunAsync(parse, url, async node =>
        {
            // A queue answers with a sample of five messages, as kcli asks (all of a large queue would be huge).
            var query = parse.GetValue(queue) is { } q
                ? $"inspect-sched-q/v1?queue_name={Uri.EscapeDataString(q)}&limit=5"
                : $"inspect-ready-q/v1?queue_name={Uri.EscapeDataString(parse.GetValue(path)!)}";
            var answer = await node.GetAsync($"/api/admin/{query}", cancellationToken);
            if (parse.GetValue(json))
            {
                await parse.InvocationConfiguration.Output.WriteLineAsync(answer);
                return 0;
            }
            var table = Tables.Create("FIELD", "VALUE");
            foreach (var property in NodeApiClient.Parse(answer).EnumerateObject())
            {
                Tables.Row(table, property.Name, property.Name == "suspended" ? Suspension(NodeApiClient.Parse(answer)) : Tables.Cell(property.Value));
            }
            Tables.Console(parse.InvocationConfiguration.Output).Write(table);
            return 0;
        }));
        return command;
    }

    /// <summary>"reason (until TIME)" for a suspended path, else empty.</summary>
    private static string Suspension(JsonElement path) =>
        path.TryGetProperty("suspended", out var suspended) && suspended.ValueKind == JsonValueKind.Object
            ? $"{Tables.Cell(suspended, "reason")} (until {Tables.Cell(suspended, "until")})"
            : "";
}
