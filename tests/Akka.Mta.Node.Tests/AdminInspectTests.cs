using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Akka.Mta.Smtp.Sink;
using Akka.Mta.Testing.SmtpServer;

namespace Akka.Mta.Node.Tests;

/// <summary>The queue inspection endpoints and the OpenAPI document, against a node that has delivered real mail to a sink.</summary>
public sealed class AdminInspectTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Inspect_AfterDelivery_ShowsTheQueueAndItsPath_AndASuspensionOfThePath()
    {
        await using var sink = await MailSinkHost.StartAsync(new MailSinkOptions());
        await using var node = await ThrowawayNode.StartAsync(SinkRouting.Policy(sink.SmtpEndpoint));
        await InjectAsync(node.Http, "rcpt@example.com");
        await Eventually.HoldsAsync(() => sink.Stats.Messages == 1, "the message at the sink", Deadline);

        var queues = await Eventually.ValueAsync(async () =>
        {
            var answer = JsonNode.Parse(await node.Http.GetStringAsync("/api/admin/queues/v1"))!;
            return answer["ready"]!.AsArray().Count == 1 && (int)answer["scheduled"]![0]!["scheduled"]! == 0 ? answer : null;
        }, "queues/v1 to list one path and an empty example.com", Deadline);
        var scheduled = Assert.Single(queues["scheduled"]!.AsArray())!;
        Assert.Equal("example.com", (string)scheduled["name"]!);
        Assert.Equal((0, 0), ((int)scheduled["due"]!, (int)scheduled["parked"]!));
        var path = (string)queues["ready"]![0]!["name"]!;
        Assert.Matches("^unspecified->.+@smtp_client$", path);

        var queue = JsonNode.Parse(await node.Http.GetStringAsync("/api/admin/inspect-sched-q/v1?queue_name=example.com"))!;
        Assert.Equal("example.com", (string)queue["queue_name"]!);
        Assert.Equal(0, (int)queue["scheduled"]!);
        Assert.True(queue.AsObject().ContainsKey("next_due"), queue.ToJsonString());

        var ready = JsonNode.Parse(await node.Http.GetStringAsync($"/api/admin/inspect-ready-q/v1?queue_name={Uri.EscapeDataString(path)}"))!;
        Assert.Equal(path, (string)ready["queue_name"]!);
        Assert.Equal(0, (int)ready["ready"]!);
        Assert.Equal(0, (int)ready["consecutive_connection_failures"]!);
        Assert.Null(ready["suspended"]);
        Assert.Equal(0, (int)ready["overrides"]!);
        Assert.True(ready.AsObject().ContainsKey("connection_limit"), ready.ToJsonString());
        // KumoMTA's fields beside ours.
        Assert.Equal(("unspecified", "smtp_client", "unspecified"), ((string)ready["egress_source"]!, (string)ready["protocol"]!, (string)ready["egress_pool"]!));
        Assert.Equal(0, (int)ready["state"]!["ready_count"]!);
        Assert.Equal((int)ready["connections"]!, (int)ready["state"]!["connection_count"]!);
        Assert.Null(ready["state"]!["suspended"]);
        Assert.Null(ready["state"]!["connection_limited"]);
        Assert.NotNull(ready["path_config"]!["connection_limit"]);
        Assert.Equal("sinkprovider", (string)ready["path_config"]!["provider_name"]!);
        Assert.True((long)ready["constraints"]!["max_connections"]! >= 1, ready.ToJsonString());
        Assert.Contains($":{sink.SmtpEndpoint.Port}", (string)ready["mx"]![0]!);
        Assert.All(ready["dispatchers"]!.AsArray(), d => Assert.Contains((string)d!["phase"]!, new[] { "connecting", "idle", "delivering" }));
        Assert.True((DateTimeOffset)ready["now"]! > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Null(ready["scheduled_queue_names"]);
        var withQueues = JsonNode.Parse(await node.Http.GetStringAsync($"/api/admin/inspect-ready-q/v1?queue_name={Uri.EscapeDataString(path)}&include_scheduled_queues=true"))!;
        Assert.Equal(["example.com"], withQueues["scheduled_queue_names"]!.AsArray().Select(n => (string)n!));

        var suspend = await node.Http.PostAsJsonAsync("/api/admin/suspend-ready-q/v1", new { name = path, reason = "maintenance", duration = "1h" });
        Assert.Equal(HttpStatusCode.OK, suspend.StatusCode);
        var suspensionId = (string)JsonNode.Parse(await suspend.Content.ReadAsStringAsync())!["id"]!;
        var suspended = await Eventually.ValueAsync(async () =>
            JsonNode.Parse(await node.Http.GetStringAsync($"/api/admin/inspect-ready-q/v1?queue_name={Uri.EscapeDataString(path)}")) is { } answer && answer["suspended"] is not null ? answer : null,
            "the path to report its suspension", Deadline);
        Assert.Equal("maintenance", (string)suspended["suspended"]!["reason"]!);
        Assert.True((DateTimeOffset)suspended["suspended"]!["until"]! > DateTimeOffset.UtcNow.AddMinutes(50));
        var kumoSuspension = suspended["state"]!["suspended"]!;
        Assert.Equal((suspensionId, path, "maintenance"), ((string)kumoSuspension["id"]!, (string)kumoSuspension["name"]!, (string)kumoSuspension["reason"]!));
    }

    [Fact]
    public async Task InspectScheduledQueue_ShowsASampleOfItsMessages_WithTheirBodiesOnRequest()
    {
        await using var sink = await MailSinkHost.StartAsync(new MailSinkOptions());
        await using var node = await ThrowawayNode.StartAsync(SinkRouting.Policy(sink.SmtpEndpoint));
        var suspend = await node.Http.PostAsJsonAsync("/api/admin/suspend/v1", new { domain = "example.com", reason = "hold for inspection", duration = "1h" });
        Assert.Equal(HttpStatusCode.OK, suspend.StatusCode);
        await InjectAsync(node.Http, "first@example.com");
        await InjectAsync(node.Http, "second@example.com");

        var queue = await Eventually.ValueAsync(async () =>
        {
            var response = await node.Http.GetAsync("/api/admin/inspect-sched-q/v1?queue_name=example.com&limit=1&want_body=true");
            var answer = response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
            return answer is not null && (int)answer["num_scheduled"]! == 2 ? answer : null;
        }, "both messages held in example.com", Deadline);

        Assert.Equal("example.com", (string)queue["queue_name"]!);
        Assert.Equal(2, (int)queue["delayed_metric"]!);
        Assert.Equal("1m", (string)queue["queue_config"]!["refresh_interval"]!);
        Assert.True((DateTimeOffset)queue["last_changed"]! <= (DateTimeOffset)queue["now"]!);
        var message = Assert.Single(queue["messages"]!.AsArray())!;
        Assert.Matches("^[0-9a-f]{32}$", (string)message["id"]!);
        var info = message["message"]!;
        Assert.Equal("sender@example.org", (string)info["sender"]!);
        Assert.Contains((string)info["recipient"]!, new[] { "first@example.com", "second@example.com" });
        Assert.Equal(1, (int)info["num_attempts"]!); // the suspension refused it once
        Assert.Contains("Subject: inspect", (string)info["data"]!);
        Assert.NotNull(info["meta"]);

        var withoutBodies = JsonNode.Parse(await node.Http.GetStringAsync("/api/admin/inspect-sched-q/v1?queue_name=example.com"))!;
        Assert.Equal(2, withoutBodies["messages"]!.AsArray().Count);
        Assert.All(withoutBodies["messages"]!.AsArray(), m => Assert.Null(m!["message"]!["data"]));
        Assert.Equal(0, sink.Stats.Messages);
    }

    [Theory]
    [InlineData("/api/admin/inspect-sched-q/v1", HttpStatusCode.BadRequest, "queue_name: required")]
    [InlineData("/api/admin/inspect-sched-q/v1?queue_name=", HttpStatusCode.BadRequest, "queue_name: required")]
    [InlineData("/api/admin/inspect-sched-q/v1?queue_name=nowhere.example", HttpStatusCode.NotFound, "\\\"nowhere.example\\\"")]
    [InlineData("/api/admin/inspect-sched-q/v1?queue_name=example.com&limit=-1", HttpStatusCode.BadRequest, "limit: must be 0 or more")]
    [InlineData("/api/admin/inspect-ready-q/v1", HttpStatusCode.BadRequest, "queue_name: required")]
    [InlineData("/api/admin/inspect-ready-q/v1?queue_name=no-protocol", HttpStatusCode.BadRequest, "queue_name: egress path")]
    [InlineData("/api/admin/inspect-ready-q/v1?queue_name=unspecified-%3Enowhere.example%40smtp_client", HttpStatusCode.NotFound, "nowhere.example@smtp_client")]
    public async Task Inspect_BadOrUnknownName_IsRefused_NamingIt(string url, HttpStatusCode status, string message)
    {
        await using var node = await ThrowawayNode.StartAsync();

        var response = await node.Http.GetAsync(url);

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ResolveEgressPath_ShowsQueueRoutePathAndCeilings_WithoutSendingAnything()
    {
        await using var sink = await MailSinkHost.StartAsync(new MailSinkOptions());
        var policy = SinkRouting.Policy(sink.SmtpEndpoint).Replace("provider_name = 'sinkprovider'",
            "provider_name = 'sinkprovider', connection_limit = 8, additional_connection_limits = { provider = 3 }, max_message_rate = '100/s', additional_message_rate_throttles = { slow = '10/s' }");
        await using var node = await ThrowawayNode.StartAsync(policy);

        var answer = JsonNode.Parse(await node.Http.GetStringAsync("/api/admin/resolve-egress-path/v1?domain=Example.COM&tenant=acme"))!;

        Assert.Equal("acme@example.com", (string)answer["queue_name"]!);
        Assert.Equal($"mx_list:{sink.SmtpEndpoint}", (string)answer["site"]!);
        Assert.Equal($"unspecified->mx_list:{sink.SmtpEndpoint}@smtp_client", (string)answer["ready_queue_name"]!);
        Assert.Equal(3, (int)answer["constraints"]!["max_connections"]!);
        Assert.Equal("10/s", (string)answer["constraints"]!["max_message_rate"]!);
        Assert.Equal("8", (string)answer["path_config"]!["connection_limit"]!);
        Assert.Equal($"{sink.SmtpEndpoint.Address} {sink.SmtpEndpoint.Address}:{sink.SmtpEndpoint.Port}", (string)answer["mx"]![0]!);
        Assert.Equal(0, sink.Stats.Connections);
        Assert.Equal(HttpStatusCode.BadRequest, (await node.Http.GetAsync("/api/admin/resolve-egress-path/v1")).StatusCode);
    }

    [Theory]
    [InlineData("{\"reason\": \"r\"}", "data: required")]
    [InlineData("{\"reason\": \"r\", \"data\": {\"tenant\": 7}}", "data.tenant: must be a string")]
    [InlineData("{\"reason\": \"r\", \"data\": {}, \"trigger_rebind_event\": true}", "trigger_rebind_event")]
    [InlineData("{\"data\": {}}", "reason: required")]
    public async Task Rebind_BadRequest_NamesTheField(string body, string message)
    {
        await using var node = await ThrowawayNode.StartAsync();

        var response = await node.Http.PostAsync("/api/admin/rebind/v1", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Rebind_Accepted_AnswersAnEmptyObject()
    {
        await using var node = await ThrowawayNode.StartAsync();

        var response = await node.Http.PostAsJsonAsync("/api/admin/rebind/v1", new { reason = "r", tenant = "acme", data = new { tenant = "vip" } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Queues_OnAFreshNode_AreEmptyLists()
    {
        await using var node = await ThrowawayNode.StartAsync();

        Assert.Equal("""{"scheduled":[],"ready":[]}""", await node.Http.GetStringAsync("/api/admin/queues/v1"));
    }

    [Fact]
    public async Task OpenApiDocument_ListsTheAdminPaths_AndTheQueueNameParameter()
    {
        await using var node = await ThrowawayNode.StartAsync();

        var document = JsonNode.Parse(await node.Http.GetStringAsync("/api/openapi.json"))!;

        Assert.StartsWith("3.", (string)document["openapi"]!);
        var paths = document["paths"]!.AsObject();
        foreach (var path in new[]
        {
            "/api/inject/v1", "/api/admin/suspend/v1", "/api/admin/suspend-ready-q/v1", "/api/admin/bounce/v1",
            "/api/admin/inspect-sched-q/v1", "/api/admin/inspect-ready-q/v1", "/api/admin/queues/v1", "/api/tsa/v1/status",
        })
        {
            Assert.True(paths.ContainsKey(path), $"{path} is not in the OpenAPI document: {string.Join(", ", paths.Select(p => p.Key))}");
        }
        var inspect = paths["/api/admin/inspect-sched-q/v1"]!["get"]!;
        Assert.Contains(inspect["parameters"]!.AsArray(), p => (string)p!["name"]! == "queue_name" && (string)p["in"]! == "query");
        Assert.NotNull(inspect["responses"]!["200"]);
        Assert.NotNull(inspect["responses"]!["404"]);
    }

    private static async Task InjectAsync(HttpClient http, string recipient)
    {
        var response = await http.PostAsJsonAsync("/api/inject/v1", new
        {
            envelope_sender = "sender@example.org",
            recipients = new[] { new { email = recipient } },
            content = "Subject: inspect\r\n\r\nbody\r\n",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
