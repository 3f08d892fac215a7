using System.CommandLine;
using System.Text.Json.Nodes;

namespace Akka.Mta.Node.Commands;

/// <summary>
/// <c>akka-mta rebind --reason R --set key=value [--set ...] [--tenant T] [--campaign C] [--domain D]
/// [--always-flush] [--suppress-logging]</c>: KumoMTA's rebind through <c>POST /api/admin/rebind/v1</c>:
/// the metadata is written into every waiting message of the matching queues, and messages whose
/// queue changes move to it, due now.
/// </summary>
internal static class RebindCommand
{
    public static Command Create()
    {
        var reason = new Option<string>("--reason") { Description = "why (logged in the AdminRebind records)", Required = true };
        var set = new Option<string[]>("--set") { Description = "metadata to write, key=value (tenant, campaign, queue, routing_domain or any key); repeat", Required = true, AllowMultipleArgumentsPerToken = true };
        var tenant = new Option<string>("--tenant") { Description = "only queues of this tenant" };
        var campaign = new Option<string>("--campaign") { Description = "only queues of this campaign" };
        var domain = new Option<string>("--domain") { Description = "only queues of this recipient domain" };
        var flush = new Option<bool>("--always-flush") { Description = "make every matched message due now, moved or not" };
        var quiet = new Option<bool>("--suppress-logging") { Description = "no AdminRebind records" };
        var url = NodeApiClient.UrlOption();
        var command = new Command("rebind", "rewrite the metadata of waiting messages and move them to the queues it names") { reason, set, tenant, campaign, domain, flush, quiet, url };
        command.Validators.Add(result =>
        {
            foreach (var pair in result.GetValue(set) ?? [])
            {
                if (pair.IndexOf('=') <= 0)
                {
                    result.AddError($"--set {pair}: expected key=value");
                }
            }
        });
        command.SetAction((parse, cancellationToken) => NodeApiClient.RunAsync(parse, url, async client =>
        {
            var data = new JsonObject();
            foreach (var pair in parse.GetValue(set)!)
            {
                var equals = pair.IndexOf('=');
                data[pair[..equals]] = pair[(equals + 1)..];
            }
            var body = new JsonObject
            {
                ["reason"] = parse.GetValue(reason),
                ["data"] = data,
                ["tenant"] = parse.GetValue(tenant),
                ["campaign"] = parse.GetValue(campaign),
                ["domain"] = parse.GetValue(domain),
                ["always_flush"] = parse.GetValue(flush),
                ["suppress_logging"] = parse.GetValue(quiet),
            };
            await client.SendAsync(HttpMethod.Post, "/api/admin/rebind/v1", body, cancellationToken);
            await parse.InvocationConfiguration.Output.WriteLineAsync("rebind requested");
            return 0;
        }));
        return command;
    }
}
