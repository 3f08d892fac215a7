using System.Net;
using System.Net.Http.Json;
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
        // Before any mail only the resolver's counters (all zero) and the free space have samples.
        Assert.All(samples.Where(s => s.Name.StartsWith("dns_mx_resolve_", StringComparison.Ordinal)), s => Assert.Equal(0, s.Value));
        Assert.Equal(["logs", "spool"], samples.Where(s => s.Name == "disk_free_bytes").Select(s => s.Label("name")).Order());
        Assert.All(samples.Where(s => s.Name == "disk_free_bytes"), s => Assert.True(s.Value > 0));
        Assert.Equal(7, samples.Count);
        Assert.Equal("counter", types["total_messages_received"]);
        Assert.Equal("counter", types["total_messages_transfail_by_provider_and_source"]);
        Assert.Equal("gauge", types["scheduled_count"]);
        Assert.Equal("gauge", types["ready_count"]);
        Assert.Equal("gauge", types["connection_count"]);
        Assert.Equal("gauge", types["scheduled_by_tenant_campaign"]);
        Assert.Equal("gauge", types["connection_count_by_provider"]);
        Assert.Equal("counter", types["ready_full"]);
        Assert.Equal("counter", types["delayed_due_to_ready_queue_full"]);
        Assert.Equal("gauge", types["dns_mx_resolve_in_progress"]);
        Assert.Equal("counter", types["dns_mx_resolve_cache_miss"]);
    }

    [Fact]
    public async Task Metrics_SumQueuesByTenantAndCampaign_CountRateDelays_AndShowTheProvider()
    {
        await using var sink = await MailSinkHost.StartAsync(new MailSinkOptions());
        var policy = SinkRouting.Policy(sink.SmtpEndpoint)
            .Replace("return { protocol = { smtp", "return { max_message_rate = tenant == 'slow' and '1/h' or nil, protocol = { smtp") + """

            mta.on('http_message_generated', function(msg)
              msg:set_meta('tenant', msg:get_first_named_header_value('X-Tenant'))
              msg:set_meta('campaign', msg:get_first_named_header_value('X-Campaign'))
            end)
            """;
        await using var node = await ThrowawayNode.StartAsync(policy);

        // One an hour for tenant "slow": of two messages the second waits, delayed by the rate.
        await InjectAsync(node.Http, "X-Tenant: slow\r\nX-Campaign: spring\r\n", "a@example.com", "b@example.com");
        await InjectAsync(node.Http, "X-Tenant: fast\r\n", "c@example.net");

        var samples = await Eventually.ValueAsync(async () =>
        {
            var parsed = await ScrapeAsync(node.Http);
            return parsed.Any(s => s.Name == "delayed_due_to_message_rate_throttle" && s.Value >= 1)
                && parsed.Any(s => s.Name == "scheduled_by_tenant_campaign")
                && parsed.Any(s => s.Name == "connection_count_by_provider") && sink.Stats.Messages == 2 ? parsed : null;
        }, "a rate-delayed message in spring:slow@example.com and two at the sink", Deadline);

        var delayed = Assert.Single(samples, s => s.Name == "delayed_due_to_message_rate_throttle" && s.Value >= 1);
        Assert.Equal("spring:slow@example.com", delayed.Label("queue"));
        var campaign = Assert.Single(samples, s => s.Name == "scheduled_by_tenant_campaign");
        Assert.Equal(("slow", "spring", 1d), (campaign.Label("tenant"), campaign.Label("campaign"), campaign.Value));
        Assert.Equal(1, Assert.Single(samples, s => s.Name == "scheduled_by_tenant" && s.Label("tenant") == "slow").Value);
        Assert.Equal(0, Assert.Single(samples, s => s.Name == "scheduled_by_tenant" && s.Label("tenant") == "fast").Value);
        Assert.Equal(1, Assert.Single(samples, s => s.Name == "scheduled_by_domain" && s.Label("domain") == "example.com").Value);
        Assert.Equal("sinkprovider", Assert.Single(samples, s => s.Name == "connection_count_by_provider").Label("provider"));
        Assert.Equal("sinkprovider", Assert.Single(samples, s => s.Name == "queued_count_by_provider").Label("provider"));
        Assert.All(samples.Where(s => s.Name == "ready_full"), s => Assert.Equal(0, s.Value));
        Assert.All(samples.Where(s => s.Name == "delayed_due_to_ready_queue_full"), s => Assert.Equal(0, s.Value));
    }

    private static async Task InjectAsync(HttpClient http, string headers, params string[] recipients)
    {
        var response = await http.PostAsync("/api/inject/v1", JsonContent.Create(new
        {
            envelope_sender = "sender@example.org",
            recipients = recipients.Select(r => new { email = r }).ToArray(),
            content = headers + "Subject: metrics\r\n\r\nbody\r\n",
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
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
