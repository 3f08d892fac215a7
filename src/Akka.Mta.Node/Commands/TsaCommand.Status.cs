using System.CommandLine;
using System.Net.Http.Headers;
using System.Text.Json;
using Akka.Mta.Tsa;

namespace Akka.Mta.Node.Commands;

internal static partial class TsaCommand
{
    public const string DefaultUrl = "http://127.0.0.1:8000";

    /// <summary>
    /// <c>akka-mta tsa status [--url URL] [--json]</c>: a running node's automation: rule and counter
    /// counts and every active effect (what, on what, until when, which rule). A bearer token for
    /// an untrusted address comes from <c>AKKAMTA_TOKEN</c>. Exit 0, or 1 when the node cannot be asked.
    /// </summary>
    private static Command CreateStatus()
    {
        var url = new Option<string>("--url") { Description = $"the node's HTTP API (default {DefaultUrl})", DefaultValueFactory = _ => DefaultUrl };
        var json = new Option<bool>("--json") { Description = "print the node's JSON answer as it is" };
        var command = new Command("status", "show a running node's active automation effects") { url, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var baseUrl = parse.GetValue(url)!.TrimEnd('/');
            string body;
            try
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
                if (Environment.GetEnvironmentVariable("AKKAMTA_TOKEN") is { Length: > 0 } token)
                {
                    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }
                using var response = await http.GetAsync(baseUrl + "/api/tsa/v1/status", cancellationToken);
                body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    await error.WriteLineAsync($"akka-mta tsa status: {baseUrl} answered {(int)response.StatusCode}: {body.Trim()}");
                    return 1;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or UriFormatException)
            {
                await error.WriteLineAsync($"akka-mta tsa status: cannot reach {baseUrl}: {e.Message}");
                return 1;
            }
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(body);
                return 0;
            }
            WriteStatus(output, JsonDocument.Parse(body).RootElement);
            return 0;
        });
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
