using System.CommandLine;
using System.Text.Json.Nodes;

namespace Akka.Mta.Node.Commands;

/// <summary>
/// <c>akka-mta inject --from A --to B [--to C] (--subject S --text T | --file a.eml [b.eml ...])</c>:
/// hands messages to a running node through <c>POST /api/inject/v1</c>, either one built from a
/// subject and a text body or whole RFC 5322 files, one injection each (with a progress bar on a
/// terminal). Exit 0 when every recipient was accepted, 1 otherwise, 2 when a file cannot be read.
/// </summary>
internal static class InjectCommand
{
    public static Command Create()
    {
        var from = new Option<string>("--from") { Description = "the envelope sender (also the From: of a built message)", Required = true };
        var to = new Option<string[]>("--to") { Description = "a recipient; repeat for more", Required = true, AllowMultipleArgumentsPerToken = true };
        var subject = new Option<string>("--subject") { Description = "the subject of a built message" };
        var text = new Option<string>("--text") { Description = "the text body of a built message" };
        var file = new Option<FileInfo[]>("--file")
        {
            Description = "whole messages (headers and body) to send as they are, one injection per file; several files or a glob (default: none)",
            AllowMultipleArgumentsPerToken = true,
        };
        var url = NodeApiClient.UrlOption();
        var json = NodeApiClient.JsonOption();
        var command = new Command("inject", "inject a message into a running node over its HTTP API") { from, to, subject, text, file, url, json };
        command.Validators.Add(result =>
        {
            var built = result.GetValue(subject) is not null || result.GetValue(text) is not null;
            if (built == (result.GetValue(file) is { Length: > 0 }))
            {
                result.AddError("give either --subject/--text or --file");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            var recipients = parse.GetValue(to)!;
            JsonObject Request(JsonNode content) => new()
            {
                ["envelope_sender"] = parse.GetValue(from),
                ["recipients"] = new JsonArray([.. recipients.Select(r => (JsonNode)new JsonObject { ["email"] = r })]),
                ["content"] = content,
            };
            var files = parse.GetValue(file) ?? [];
            var asJson = parse.GetValue(json);
            var output = parse.InvocationConfiguration.Output;
            return await NodeApiClient.RunAsync(parse, url, async node =>
            {
                if (files.Length == 0)
                {
                    var content = new JsonObject { ["subject"] = parse.GetValue(subject) ?? "", ["text_body"] = parse.GetValue(text) ?? "" };
                    var answer = await node.SendAsync(HttpMethod.Post, "/api/inject/v1", Request(content), cancellationToken);
                    var tally = new Tally();
                    await tally.AddAsync(output, answer, asJson, prefix: null);
                    return await tally.FinishAsync(output, asJson);
                }
                // Every file is read before the first is sent: a missing one stops the run before any mail goes out.
                var contents = new List<(FileInfo File, string Text)>();
                foreach (var message in files)
                {
                    try
                    {
                        contents.Add((message, await File.ReadAllTextAsync(message.FullName, cancellationToken)));
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        await parse.InvocationConfiguration.Error.WriteLineAsync($"akka-mta inject: cannot read {message.FullName}: {e.Message}");
                        return 2;
                    }
                }
                var show = TerminalProgress.ShouldShow(asJson) && contents.Count > 1;
                return await TerminalProgress.RunAsync(show, $"injecting {contents.Count} messages", contents.Count, async done =>
                {
                    var tally = new Tally();
                    foreach (var (message, body) in contents)
                    {
                        var answer = await node.SendAsync(HttpMethod.Post, "/api/inject/v1", Request(body), cancellationToken);
                        await tally.AddAsync(output, answer, asJson, contents.Count > 1 ? message.Name : null);
                        done(1);
                    }
                    return await tally.FinishAsync(output, asJson);
                });
            });
        });
        return command;
    }

    /// <summary>Counts of all injections; with --json each answer is printed as it is, one per line.</summary>
    private sealed class Tally
    {
        private readonly List<string> _errors = [];
        private int _accepted;
        private int _failed;

        public async Task AddAsync(TextWriter output, string answer, bool json, string? prefix)
        {
            var result = NodeApiClient.Parse(answer);
            _accepted += result.GetProperty("success_count").GetInt32();
            _failed += result.GetProperty("fail_count").GetInt32();
            _errors.AddRange(result.GetProperty("errors").EnumerateArray().Select(e => (prefix is null ? "" : prefix + ": ") + e.GetString()));
            if (json)
            {
                await output.WriteLineAsync(answer);
            }
        }

        public async Task<int> FinishAsync(TextWriter output, bool json)
        {
            if (!json)
            {
                await output.WriteLineAsync($"accepted {_accepted}, failed {_failed}");
                foreach (var error in _errors)
                {
                    await output.WriteLineAsync("  " + error);
                }
            }
            return _failed == 0 ? 0 : 1;
        }
    }
}
