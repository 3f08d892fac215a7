using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Akka.Mta.Node.Commands;

/// <summary>
/// The admin controls a node keeps until they expire, each one API path with POST (create), GET (list)
/// and DELETE (cancel): <c>akka-mta suspend</c> (scheduled queues by tenant, campaign, domain),
/// <c>akka-mta suspend-ready-q</c> (one egress path by name) and <c>akka-mta bounce</c>. Every one
/// takes <c>--reason R [--duration 1h] [criteria]</c>, or <c>--list</c>, or <c>--cancel ID</c>.
/// </summary>
internal static class ControlCommand
{
    /// <summary>A request field set from an option (<c>--routing-domain</c> -&gt; <c>routing_domain</c>).</summary>
    private sealed record Field(string Name, string Description, bool Required = false)
    {
        public Option<string> Option { get; } = new("--" + Name.Replace('_', '-')) { Description = Description };
    }

    /// <summary>A column of the <c>--list</c> table: its header and the JSON property it shows.</summary>
    private sealed record Column(string Header, string Property);

    public static Command Suspend() => Create("suspend", "suspend scheduled queues (delivery waits) by tenant, campaign or domain",
        "/api/admin/suspend/v1",
        [Tenant(), Campaign(), Domain()],
        [new("ID", "id"), new("TENANT", "tenant"), new("CAMPAIGN", "campaign"), new("DOMAIN", "domain"), new("REASON", "reason"), new("REMAINING", "duration")]);

    public static Command SuspendReadyQueue() => Create("suspend-ready-q", "suspend one egress path (ready queue): no new connections",
        "/api/admin/suspend-ready-q/v1",
        [new Field("name", "the egress path, source->site@smtp_client", Required: true)],
        [new("ID", "id"), new("NAME", "name"), new("REASON", "reason"), new("REMAINING", "duration"), new("EXPIRES", "expires")]);

    public static Command Bounce() => Create("bounce", "bounce the messages of matching scheduled queues, now and until the bounce expires",
        "/api/admin/bounce/v1",
        [Tenant(), Campaign(), Domain(), new Field("routing_domain", "only queues with this routing domain")],
        [new("ID", "id"), new("TENANT", "tenant"), new("CAMPAIGN", "campaign"), new("DOMAIN", "domain"), new("ROUTING DOMAIN", "routing_domain"),
            new("REASON", "reason"), new("REMAINING", "duration"), new("BOUNCED", "total_bounced")]);

    private static Field Tenant() => new("tenant", "only queues of this tenant");

    private static Field Campaign() => new("campaign", "only queues of this campaign");

    private static Field Domain() => new("domain", "only queues of this recipient domain");

    private static Command Create(string name, string description, string apiPath, IReadOnlyList<Field> fields, IReadOnlyList<Column> columns)
    {
        var reason = new Option<string>("--reason") { Description = "why (logged, and shown by --list)" };
        var duration = new Option<string>("--duration") { Description = "how long, e.g. 30m, 1h (default 5m)" };
        var list = new Option<bool>("--list") { Description = "list the active entries instead" };
        var cancel = new Option<string>("--cancel") { Description = "cancel the entry with this id instead" };
        var url = NodeApiClient.UrlOption();
        var json = NodeApiClient.JsonOption();
        var command = new Command(name, description) { reason, duration, list, cancel, url, json };
        foreach (var field in fields)
        {
            command.Options.Add(field.Option);
        }
        command.Validators.Add(result =>
        {
            var listing = result.GetValue(list);
            var cancelling = result.GetValue(cancel) is not null;
            if (listing && cancelling)
            {
                result.AddError("--list and --cancel exclude each other");
            }
            else if (!listing && !cancelling)
            {
                foreach (var required in fields.Where(f => f.Required).Select(f => f.Option).Prepend(reason).Where(o => result.GetValue(o) is null))
                {
                    result.AddError($"{required.Name} is required (or --list, or --cancel ID)");
                }
            }
        });
        command.SetAction((parse, cancellationToken) => NodeApiClient.RunAsync(parse, url, async node =>
        {
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(list))
            {
                var entries = await node.GetAsync(apiPath, cancellationToken);
                if (parse.GetValue(json))
                {
                    await output.WriteLineAsync(entries);
                    return 0;
                }
                var table = Tables.Create([.. columns.Select(c => c.Header)]);
                var rows = NodeApiClient.Parse(entries).EnumerateArray().ToList();
                foreach (var entry in rows)
                {
                    Tables.Row(table, [.. columns.Select(c => Tables.Cell(entry, c.Property))]);
                }
                var console = Tables.Console(output);
                console.Write(table);
                console.WriteLine($"{rows.Count} active");
                return 0;
            }
            if (parse.GetValue(cancel) is { } id)
            {
                await node.SendAsync(HttpMethod.Delete, apiPath, new JsonObject { ["id"] = id }, cancellationToken);
                await output.WriteLineAsync(parse.GetValue(json) ? new JsonObject { ["id"] = id }.ToJsonString() : $"cancelled {id}");
                return 0;
            }
            var request = new JsonObject { ["reason"] = parse.GetValue(reason) };
            if (parse.GetValue(duration) is { } forHowLong)
            {
                request["duration"] = forHowLong;
            }
            foreach (var field in fields)
            {
                if (parse.GetValue(field.Option) is { } value)
                {
                    request[field.Name] = value;
                }
            }
            var created = await node.SendAsync(HttpMethod.Post, apiPath, request, cancellationToken);
            await output.WriteLineAsync(parse.GetValue(json) ? created : $"{name}: id {Tables.Cell(NodeApiClient.Parse(created), "id")}");
            return 0;
        }));
        return command;
    }
}
