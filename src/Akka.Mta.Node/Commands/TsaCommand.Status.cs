using System.CommandLine;
using System.Text.Json;
using Akka.Mta.Tsa;

namespace Akka.Mta.Node.Commands;

internal static partial class TsaCommand
{
    /// <summary>
    /// <c>akka-mta tsa status [--url URL] [--json]</c>: a running node's automation: rule and counter
    /// counts and every active effect (what, on what, until when, which rule). A bearer token for
    /// an untrusted address comes from <c>AKKAMTA_TOKEN</c>. Exit 0, or 1 when the node cannot be asked.
    /// </summary>
    private static Command CreateStatus()
    {
        var url = NodeApiClient.UrlOption();
        var json = NodeApiClient.JsonOption();
        var command = new Command("status", "show a running node's active automation effects") { url, json };
        command.SetAction((parse, cancellationToken) => NodeApiClient.RunAsync(parse, url, async node =>
        {
            var output = parse.InvocationConfiguration.Output;
            var body = await node.GetAsync("/api/tsa/v1/status", cancellationToken);
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(body);
                return 0;
            }
            WriteStatus(output, JsonDocument.Parse(body).RootElement);
            return 0;
        }));
        return command;
    }

    private static void WriteStatus(TextWriter output, JsonElement status)
    {
        var effects = status.GetProperty("effects").EnumerateArray().ToList();
        string[] header = ["ACTION", "SCOPE", "UNTIL", "RULE", "REASON"];
        var rows = effects.Select(e => new[]
        {
            e.GetProperty("action").GetString() + (e.GetProperty("setting").GetString() is { } setting ? " " + setting : ""),
            e.GetProperty("scope").GetString() ?? "",
            ActiveOverridesWriter.Rfc3339(e.GetProperty("expires").GetDateTimeOffset()),
            e.GetProperty("rule").GetString() ?? "",
            e.GetProperty("reason").GetString() ?? "",
        }).ToList();
        WriteAligned(output, header, rows);
        output.WriteLine();
        output.WriteLine($"{effects.Count} active effects; {status.GetProperty("rules").GetInt32()} automation rules, {status.GetProperty("counters").GetInt32()} threshold counters");
    }
}
