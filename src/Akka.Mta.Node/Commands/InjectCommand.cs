using System.CommandLine;
using System.Text.Json.Nodes;

namespace Akka.Mta.Node.Commands;

/// <summary>
/// <c>akka-mta inject --from A --to B [--to C] (--subject S --text T | --file message.eml)</c>: hands
/// a message to a running node through <c>POST /api/inject/v1</c>, either built from a subject and a
/// text body or as a whole RFC 5322 file. Exit 0 when every recipient was accepted, 1 otherwise.
/// </summary>
internal static class InjectCommand
{
    public static Command Create()
    {
        var from = new Option<string>("--from") { Description = "the envelope sender (also the From: of a built message)", Required = true };
        var to = new Option<string[]>("--to") { Description = "a recipient; repeat for more", Required = true, AllowMultipleArgumentsPerToken = true };
        var subject = new Option<string>("--subject") { Description = "the subject of a built message" };
        var text = new Option<string>("--text") { Description = "the text body of a built message" };
        var file = new Option<FileInfo>("--file") { Description = "a whole message (headers and body) to send as it is" };
        var url = NodeApiClient.UrlOption();
        var json = NodeApiClient.JsonOption();
        var command = new Command("inject", "inject a message into a running node over its HTTP API") { from, to, subject, text, file, url, json };
        command.Validators.Add(result =>
        {
            var built = result.GetValue(subject) is not null || result.GetValue(text) is not null;
            if (built == (result.GetValue(file) is not null))
            {
                result.AddError("give either --subject/--text or --file");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            JsonNode content;
            if (parse.GetValue(file) is { } message)
            {
                try
                {
                    content = await File.ReadAllTextAsync(message.FullName, cancellationToken);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    await parse.InvocationConfiguration.Error.WriteLineAsync($"akka-mta inject: cannot read {message.FullName}: {e.Message}");
                    return 2;
                }
            }
            else
            {
                content = new JsonObject { ["subject"] = parse.GetValue(subject) ?? "", ["text_body"] = parse.GetValue(text) ?? "" };
            }
            var request = new JsonObject
            {
                ["envelope_sender"] = parse.GetValue(from),
                ["recipients"] = new JsonArray([.. parse.GetValue(to)!.Select(r => (JsonNode)new JsonObject { ["email"] = r })]),
                ["content"] = content,
            };
            return await NodeApiClient.RunAsync(parse, url, async node =>
            {
                var answer = await node.SendAsync(HttpMethod.Post, "/api/inject/v1", request, cancellationToken);
                var output = parse.InvocationConfiguration.Output;
                var result = NodeApiClient.Parse(answer);
                var failed = result.GetProperty("fail_count").GetInt32();
                if (parse.GetValue(json))
                {
                    await output.WriteLineAsync(answer);
                }
                else
                {
                    await output.WriteLineAsync($"accepted {result.GetProperty("success_count").GetInt32()}, failed {failed}");
                    foreach (var error in result.GetProperty("errors").EnumerateArray())
                    {
                        await output.WriteLineAsync("  " + error.GetString());
                    }
                }
                return failed == 0 ? 0 : 1;
            });
        });
        return command;
    }
}
