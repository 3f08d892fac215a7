using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Akka.Mta.Core.Logging;
using Akka.Mta.Testing.SmtpServer;

namespace Akka.Mta.IntegrationTests;

/// <summary>
/// <c>akka-mta serve</c> and <c>akka-mta sink</c> as separate processes: mail in over SMTP (swaks,
/// Python smtplib) and HTTP, out to the sink under the policy's shaping.
/// </summary>
public sealed class EndToEndTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task SmtpAndHttpInjection_AreDeliveredToTheSink_AndLogged()
    {
        await using var sink = await SinkProcess.StartAsync();
        using var scenario = new Scenario(sink);
        await using var node = await scenario.StartNodeAsync();

        var swaks = await PeerProcess.RunAsync("/usr/bin/swaks",
        [
            "--server", node.Smtp.Address.ToString(), "--port", node.Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--from", "sender@example.org", "--to", "someone@example.com", "--header", "X-Tenant: acme", "--body", "over SMTP",
        ]);
        Assert.True(swaks.ExitCode == 0, swaks.All);
        var inject = await node.Http.PostAsJsonAsync("/api/inject/v1", new JsonObject
        {
            ["envelope_sender"] = "sender@example.org",
            ["recipients"] = new JsonArray(new JsonObject { ["email"] = "one@example.net" }, new JsonObject { ["email"] = "two@example.net" }),
            ["content"] = new JsonObject { ["subject"] = "hello {{ email }}", ["text_body"] = "over HTTP" },
        });
        Assert.Equal(HttpStatusCode.OK, inject.StatusCode);
        Assert.Equal(2, (int)(await inject.Content.ReadFromJsonAsync<JsonObject>())!["success_count"]!);

        await Eventually.HoldsAsync(() => scenario.Count(LogRecordType.Delivery) == 3, "3 Delivery records", Deadline);
        Assert.Equal(3, await sink.MessagesAsync());
        var records = scenario.Records();
        var smtp = records.Single(r => r.Type == LogRecordType.Delivery && r.Recipient == "someone@example.com");
        Assert.Equal("acme@example.com", smtp.Queue);
        Assert.Equal(["ESMTP", "HTTP", "HTTP"], records.Where(r => r.Type == LogRecordType.Reception).Select(r => r.ReceptionProtocol).Order());
    }

    [Fact]
    public async Task BadInjectRequest_Gets422_NamingTheField()
    {
        await using var sink = await SinkProcess.StartAsync();
        using var scenario = new Scenario(sink);
        await using var node = await scenario.StartNodeAsync();

        var response = await node.Http.PostAsJsonAsync("/api/inject/v1", new JsonObject { ["envelope_sender"] = "s@example.org", ["content"] = "x" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("recipients", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SuspendedQueue_SendsNothing_UntilTheSuspensionIsLifted()
    {
        await using var sink = await SinkProcess.StartAsync();
        using var scenario = new Scenario(sink, queueOptions: "retry_interval = '1s', max_retry_interval = '1s'");
        await using var node = await scenario.StartNodeAsync();
        var suspend = await node.Http.PostAsJsonAsync("/api/admin/suspend/v1", new JsonObject { ["reason"] = "maintenance", ["domain"] = "example.com", ["duration"] = "1h" });
        var id = (string)(await suspend.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;

        await SendAsync(node, 5, "held");
        // Every message was promoted at least twice and refused each time: the queue is being worked, not idle.
        await Eventually.HoldsAsync(() => scenario.Records().Count(r => r.Type == LogRecordType.TransientFailure && r.Response.Content.Contains("suspended: maintenance")) >= 10,
            "the suspended queue to refuse each message twice", Deadline);
        Assert.Equal(0, await sink.MessagesAsync());
        var listed = await node.Http.GetFromJsonAsync<JsonArray>("/api/admin/suspend/v1");
        Assert.Equal("maintenance", (string)listed!.Single()!["reason"]!);

        using var delete = new HttpRequestMessage(HttpMethod.Delete, "/api/admin/suspend/v1") { Content = JsonContent.Create(new JsonObject { ["id"] = id }) };
        Assert.Equal(HttpStatusCode.OK, (await node.Http.SendAsync(delete)).StatusCode);

        await Eventually.HoldsAsync(() => scenario.Count(LogRecordType.Delivery) == 5, "delivery after the suspension is lifted", Deadline);
        Assert.Equal(5, await sink.MessagesAsync());
    }

    [Fact]
    public async Task MessageRate_IsSmoothedToTheConfiguredRate_AtTheSink()
    {
        await using var sink = await SinkProcess.StartAsync();
        using var scenario = new Scenario(sink, pathOptions: "max_message_rate = '10/s', connection_limit = 4");
        await using var node = await scenario.StartNodeAsync();

        await SendAsync(node, 400, "rate");
        // 30 whole seconds after the burst allowance: 300 messages, within 5%.
        var perSecond = await Eventually.ValueAsync(async () =>
        {
            var seconds = PerSecond(await sink.StatsAsync());
            return seconds.Count >= 34 ? seconds : null;
        }, "34 seconds of deliveries at the sink", TimeSpan.FromSeconds(120));
        var window = perSecond.Skip(2).Take(30).Sum();
        Assert.InRange(window, 285, 315);
    }

    /// <summary>Messages per wall-clock second at the sink, from the first second on, with empty seconds as 0.</summary>
    private static List<long> PerSecond(JsonObject stats)
    {
        var counts = stats["per_second"]!.AsObject().ToDictionary(
            kv => DateTimeOffset.Parse(kv.Key, System.Globalization.CultureInfo.InvariantCulture), kv => (long)kv.Value!);
        if (counts.Count == 0)
        {
            return [];
        }
        var first = counts.Keys.Min();
        var span = (int)(counts.Keys.Max() - first).TotalSeconds + 1;
        return Enumerable.Range(0, span).Select(i => counts.GetValueOrDefault(first.AddSeconds(i))).ToList();
    }

    /// <summary>Sends <paramref name="count"/> messages over one SMTP session with Python's smtplib.</summary>
    internal static async Task SendAsync(NodeProcess node, int count, string tag)
    {
        var script = $$"""
            import smtplib
            s = smtplib.SMTP('{{node.Smtp.Address}}', {{node.Smtp.Port}}, timeout=60)
            for i in range({{count}}):
                s.sendmail('sender@example.org', ['{{tag}}-%d@example.com' % i], 'Subject: %d\r\n\r\nbody\r\n' % i)
            s.quit()
            """;
        var result = await PeerProcess.RunAsync("/usr/bin/python3", ["-c", script], deadline: TimeSpan.FromSeconds(120));
        Assert.True(result.ExitCode == 0, result.All);
    }
}
