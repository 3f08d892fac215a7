using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Mta.Policy;
using Akka.Mta.Policy.Shaping;
using Akka.Mta.Shaping.Merging;

namespace Akka.Mta.Node.Commands;

/// <summary>
/// <c>akka-mta policy check</c>: loads the policy as <c>serve</c> does, calls every registered event
/// once with sample (or given) arguments, prints what each returned after validation, and exits 1
/// with <c>file:line: message</c> on any error. MX lookups are off: <c>mx_rollup</c> domain blocks
/// are skipped and provider MX rules do not match.
/// </summary>
internal static class PolicyCommand
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var policy = new Option<string>("--policy")
        {
            Description = "the policy entry file",
            DefaultValueFactory = _ => PolicyHostOptions.DefaultPolicyFile,
        };
        var domain = new Option<string>("--domain") { Description = "destination domain", DefaultValueFactory = _ => "example.com" };
        var tenant = new Option<string>("--tenant") { Description = "tenant (X-Tenant of the sample message)", DefaultValueFactory = _ => "default" };
        var campaign = new Option<string?>("--campaign") { Description = "campaign (X-Campaign of the sample message) (default: none)" };
        var source = new Option<string?>("--source") { Description = "egress source (default: the first of the tenant's pool)" };
        var check = new Command("check", "load the policy and call every registered event once") { policy, domain, tenant, campaign, source };
        check.SetAction(parse => Run(new CheckArguments(
            parse.GetValue(policy)!, parse.GetValue(domain)!, parse.GetValue(tenant)!, parse.GetValue(campaign), parse.GetValue(source))));
        return new Command("policy", "work with the Lua policy") { check };
    }

    private sealed record CheckArguments(string PolicyFile, string Domain, string Tenant, string? Campaign, string? Source);

    private static int Run(CheckArguments args)
    {
        var cwd = Directory.GetCurrentDirectory();
        PolicyHost host;
        try
        {
            host = PolicyHost.Start(new PolicyHostOptions
            {
                PolicyFile = args.PolicyFile,
                MaxStates = 1,
                ShapingLoader = new ShapingLibraryLoader(new NoDnsMxHostsSource("MX lookups are off in policy check")),
            });
        }
        catch (PolicyException ex)
        {
            Console.Error.WriteLine(ex.Error.Format(cwd));
            return 1;
        }
        using (host)
        {
            Console.WriteLine($"{args.PolicyFile}: loaded (hash {host.Hash[..12]}), handlers: {string.Join(", ", PolicyEvents.All.Where(host.RegisteredEvents.Contains))}");
            var failures = 0;
            foreach (var eventName in PolicyEvents.All.Where(host.RegisteredEvents.Contains))
            {
                try
                {
                    Console.WriteLine($"{eventName}: {Call(host, eventName, args)}");
                }
                catch (PolicyException ex)
                {
                    failures++;
                    Console.Error.WriteLine(ex.Error.Format(cwd));
                }
            }
            // Signers built at load and by the handlers just called (a key is read once per epoch).
            var signers = host.DkimSigners;
            Console.WriteLine($"dkim signers: {(signers.Count == 0 ? "none" : signers.Count.ToString())}");
            foreach (var signer in signers)
            {
                Console.WriteLine($"  {signer}");
            }
            // Log hooks configured at load (mta.configure_log_hook).
            var hooks = host.LogHooks;
            Console.WriteLine($"log hooks: {(hooks.Count == 0 ? "none" : hooks.Count.ToString())}");
            foreach (var hook in hooks)
            {
                Console.WriteLine($"  {hook}");
            }
            return failures == 0 ? 0 : 1;
        }
    }

    private static string Call(PolicyHost host, string eventName, CheckArguments args)
    {
        var recipient = "recipient@" + args.Domain;
        var connection = new ConnectionMeta([new("received_from", "192.0.2.1:49152"), new("received_via", "127.0.0.1:25")]);
        switch (eventName)
        {
            case PolicyEvents.SmtpServerEhlo:
                return host.SmtpServerEhlo("client.example.net", connection).ToString();
            case PolicyEvents.SmtpServerMailFrom:
                return host.SmtpServerMailFrom("sender@example.net", connection).ToString();
            case PolicyEvents.SmtpServerRcptTo:
                return host.SmtpServerRcptTo(recipient, connection).ToString();
            case PolicyEvents.SmtpServerMessageReceived:
            case PolicyEvents.HttpMessageGenerated:
                var message = SampleMessage(recipient, args);
                var verdict = eventName == PolicyEvents.HttpMessageGenerated
                    ? host.HttpMessageGenerated(message)
                    : host.SmtpServerMessageReceived(message);
                var signatures = message.Headers.Count(h => h.Key == Akka.Mta.Dkim.DkimSigner.FieldName);
                return $"{verdict}; meta {JsonSerializer.Serialize(message.Meta, Json)}"
                    + (signatures > 0 ? $"; {signatures} DKIM signature(s) added" : string.Empty);
            case PolicyEvents.GetQueueConfig:
                host.GetQueueConfig(new QueueConfigQuery(args.Domain, args.Tenant, args.Campaign), ShapingCheckers.Queue);
                return Table(host.CallForTable(eventName, args.Domain, args.Tenant, args.Campaign, null));
            case PolicyEvents.GetEgressPool:
                var pool = PoolName(host, args);
                host.GetEgressPool(pool);
                return $"({pool}) {Table(host.CallForTable(eventName, pool))}";
            case PolicyEvents.GetEgressSource:
                var source = SourceName(host, args);
                host.GetEgressSource(source);
                return $"({source}) {Table(host.CallForTable(eventName, source))}";
            case PolicyEvents.GetEgressPathConfig:
                var pathSource = SourceName(host, args);
                host.GetEgressPathConfig(new EgressPathQuery(args.Domain, pathSource, args.Domain), ShapingCheckers.EgressPath);
                return $"({args.Domain} via {pathSource}) {Table(host.CallForTable(eventName, args.Domain, pathSource, args.Domain))}";
            case PolicyEvents.HttpServerValidateAuthBasic:
                return $"(user policy-check, a sample password) {(host.HttpServerValidateAuthBasic("policy-check", "sample-password") == true ? "valid" : "refused")}";
            case PolicyEvents.HttpServerValidateAuthBearer:
                return $"(a sample token) {(host.HttpServerValidateAuthBearer("sample-token") == true ? "valid" : "refused")}";
            case PolicyEvents.ShouldEnqueueLogRecord:
                return string.Join("; ", host.LogHooks.Select(h =>
                    $"({h.Name}, a sample Delivery record) {(host.ShouldEnqueueLogRecord(SampleRecord(recipient), h.Name) ? "enqueued" : "dropped")}"))
                    is { Length: > 0 } answers ? answers : "(no log hooks configured)";
            default:
                return "not called";
        }
    }

    private static InMemoryPolicyMessage SampleMessage(string recipient, CheckArguments args)
    {
        var headers = $"From: sender@example.net\r\nTo: {recipient}\r\nSubject: policy check\r\nX-Tenant: {args.Tenant}\r\n"
            + (args.Campaign is null ? string.Empty : $"X-Campaign: {args.Campaign}\r\n") + "\r\nbody\r\n";
        return InMemoryPolicyMessage.FromContent("policy-check-1", "sender@example.net", recipient, headers);
    }

    private static JsonObject SampleRecord(string recipient) => new()
    {
        ["type"] = "Delivery",
        ["id"] = "policy-check-1",
        ["sender"] = "sender@example.net",
        ["recipient"] = recipient,
        ["queue"] = recipient[(recipient.IndexOf('@') + 1)..],
        ["site"] = "unspecified->policy-check@smtp_client",
        ["response"] = new JsonObject { ["code"] = 250, ["content"] = "OK", ["enhanced_code"] = null, ["command"] = null },
        ["meta"] = new JsonObject(),
        ["headers"] = new JsonObject(),
    };

    /// <summary>The pool the tenant's queue config names, else "default".</summary>
    private static string PoolName(PolicyHost host, CheckArguments args) =>
        host.RegisteredEvents.Contains(PolicyEvents.GetQueueConfig)
        && host.CallForTable(PolicyEvents.GetQueueConfig, args.Domain, args.Tenant, args.Campaign, null)?["egress_pool"] is JsonValue v
        && v.TryGetValue<string>(out var pool)
            ? pool
            : "default";

    private static string SourceName(PolicyHost host, CheckArguments args)
    {
        if (args.Source is not null)
        {
            return args.Source;
        }
        var pool = host.RegisteredEvents.Contains(PolicyEvents.GetEgressPool) ? host.GetEgressPool(PoolName(host, args)) : null;
        return pool?.Entries.FirstOrDefault()?.Name ?? "unspecified";
    }

    private static string Table(JsonObject? table) => table is null ? "nil (built-in defaults)" : table.ToJsonString(Json);
}
