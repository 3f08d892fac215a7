using System.Net;
using System.Text.Json.Nodes;
using Akka.Mta.Node.Hosting.Metrics;
using Akka.Mta.Smtp.Sink;
using Akka.Mta.Testing.SmtpServer;

namespace Akka.Mta.Node.Tests.Metrics;

public sealed class MetricsEndpointTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Metrics_AfterRealDelivery_CountReceivedAndDelivered_InValidExposition()
    {
        await using var sink = await MailSinkHost.StartAsync(new MailSinkOptions());
        await using var node = await ThrowawayNode.StartAsync(SinkRouting.Policy(sink.SmtpEndpoint));

        await SendAsync(node.Host.SmtpEndpoint, "rcpt@example.com");

        var samples = await Eventually.ValueAsync(async () =>
        {
            var parsed = await ScrapeAsync(node.Http);
            return parsed.Any(s => s.Name == "total_messages_delivered") ? parsed : null;
        }, "total_messages_delivered in /metrics", Deadline);

        var received = Assert.Single(samples, s => s.Name == "total_messages_received");
        Assert.Equal("esmtp_listener", received.Label("service"));
        Assert.Equal(1, received.Value);
        var delivered = Assert.Single(samples, s => s.Name == "total_messages_delivered");
        Assert.Matches("^smtp_client:unspecified->.+@smtp_client$", delivered.Label("service"));
        Assert.Equal(1, delivered.Value);
        var byProvider = Assert.Single(samples, s => s.Name == "total_messages_delivered_by_provider");
        Assert.Equal(("sinkprovider", 1d), (byProvider.Label("provider"), byProvider.Value));
        var bySource = Assert.Single(samples, s => s.Name == "total_messages_delivered_by_provider_and_source");
        Assert.Equal(("sinkprovider", "unspecified", 1d), (bySource.Label("provider"), bySource.Label("source"), bySource.Value));
        Assert.DoesNotContain(samples, s => s.Name.StartsWith("total_messages_fail", StringComparison.Ordinal));
        Assert.Equal(1, sink.Stats.Messages);

        // The gauges are sampled from the entities at most once a second: wait for a sample that
        // has seen the path and the queue drained.
        var service = delivered.Label("service");
        var gauges = await Eventually.ValueAsync(async () =>
        {
            var parsed = await ScrapeAsync(node.Http);
            return parsed.Any(s => s.Name == "ready_count" && s.Label("service") == service && s.Value == 0)
                && parsed.Any(s => s.Name == "scheduled_count" && s.Label("queue") == "example.com" && s.Value == 0) ? parsed : null;
        }, $"an empty ready_count for {service} and an empty scheduled_count for example.com", Deadline);
        Assert.Equal(0, Assert.Single(gauges, s => s.Name == "ready_count").Value);
        Assert.Equal(service, Assert.Single(gauges, s => s.Name == "connection_count").Label("service"));

        var json = JsonNode.Parse(await node.Http.GetStringAsync("/metrics.json"))!;
        Assert.Equal("counter", (string)json["total_messages_delivered"]!["type"]!);
        var jsonSample = json["total_messages_delivered"]!["samples"]!.AsArray().Single()!;
        Assert.Equal(service, (string)jsonSample["labels"]!["service"]!);
        Assert.Equal(1, (double)jsonSample["value"]!);
    }

    [Fact]
    public async Task Metrics_IsServedAsPrometheusText004_WithEveryFamilyTyped()
    {
        await using var node = await ThrowawayNode.StartAsync();

        var response = await node.Http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var (samples, types) = PrometheusTextParser.Parse(await response.Content.ReadAsStringAsync());
        Assert.Empty(samples);
        Assert.Equal("counter", types["total_messages_received"]);
        Assert.Equal("counter", types["total_messages_transfail_by_provider_and_source"]);
        Assert.Equal("gauge", types["scheduled_count"]);
        Assert.Equal("gauge", types["ready_count"]);
        Assert.Equal("gauge", types["connection_count"]);
    }

    private static async Task<List<PromSample>> ScrapeAsync(HttpClient http) =>
        PrometheusTextParser.Parse(await http.GetStringAsync("/metrics")).Samples;

    /// <summary>Sends one message with Python's smtplib, a real SMTP client.</summary>
    private static async Task SendAsync(IPEndPoint node, string recipient)
    {
        var script = $"""
            import smtplib
            s = smtplib.SMTP('{node.Address}', {node.Port}, timeout=60)
            s.sendmail('sender@example.org', ['{recipient}'], 'Subject: metrics\r\n\r\nbody\r\n')
            s.quit()
            """;
        var result = await PeerProcess.RunAsync("/usr/bin/python3", ["-c", script], deadline: TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, result.All);
    }
}
