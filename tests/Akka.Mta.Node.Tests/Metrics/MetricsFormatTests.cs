using Akka.Mta.Core.Logging;
using Akka.Mta.Node.Hosting.Metrics;

namespace Akka.Mta.Node.Tests.Metrics;

public sealed class MetricsFormatTests
{
    [Fact]
    public void LabelValues_AreEscaped_AndReadBackUnchanged()
    {
        const string awkward = "a\\b \"quoted\"\nnext line {x=1,y}";
        var text = PrometheusText.Format([new MetricFamily("ready_count", MetricType.Gauge, "help with \\ and\nnewline",
            [new MetricSample([KeyValuePair.Create("service", awkward)], 3)])]);

        Assert.Contains("ready_count{service=\"a\\\\b \\\"quoted\\\"\\nnext line {x=1,y}\"} 3\n", text);
        Assert.Contains("# HELP ready_count help with \\\\ and\\nnewline\n", text);
        var sample = Assert.Single(PrometheusTextParser.Parse(text).Samples);
        Assert.Equal(awkward, sample.Label("service"));
    }

    [Theory]
    [InlineData("ready_count{service=\"x\"} 1\n", "before the TYPE")]
    [InlineData("# TYPE a gauge\na{service=x} 1\n", "not quoted")]
    [InlineData("# TYPE a gauge\na{service=\"\\t\"} 1\n", "bad escape")]
    [InlineData("# TYPE a gauge\na{service=\"x\"} one\n", "not a number")]
    [InlineData("# TYPE a gauge\na 1", "line feed")]
    [InlineData("# TYPE a-b gauge\n", "bad metric name")]
    [InlineData("# TYPE a gauge\n# TYPE b gauge\na 1\nb 1\na{x=\"1\"} 2\n", "one group")]
    public void Parser_RejectsMalformedExpositions(string text, string problem)
    {
        var e = Assert.Throws<FormatException>(() => PrometheusTextParser.Parse(text));
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Counters_CountDeliverySideRecordsPerPathAndProvider_AndIgnoreQueueRecords()
    {
        var counters = new MessageCounters();
        const string path = "ip-1->mx.example.net@smtp_client";
        counters.Observe(Record(LogRecordType.Reception) with { ReceptionProtocol = "HTTP" });
        counters.Observe(Record(LogRecordType.TransientFailure, path) with { ProviderName = "example", EgressSource = "ip-1", EgressPool = "pool" });
        counters.Observe(Record(LogRecordType.Bounce, path));
        counters.Observe(Record(LogRecordType.TransientFailure, "example.com"));

        var samples = PrometheusTextParser.Parse(PrometheusText.Format(counters.Snapshot())).Samples;

        Assert.Equal("http_listener", Assert.Single(samples, s => s.Name == "total_messages_received").Label("service"));
        Assert.Equal("smtp_client:" + path, Assert.Single(samples, s => s.Name == "total_messages_transfail").Label("service"));
        Assert.Equal("smtp_client:" + path, Assert.Single(samples, s => s.Name == "total_messages_fail").Label("service"));
        var bySource = Assert.Single(samples, s => s.Name == "total_messages_transfail_by_provider_and_source");
        Assert.Equal(("example", "ip-1", "pool"), (bySource.Label("provider"), bySource.Label("source"), bySource.Label("pool")));
        Assert.DoesNotContain(samples, s => s.Name == "total_messages_fail_by_provider");
    }

    private static LogRecord Record(LogRecordType type, string site = "") => new()
    {
        Type = type,
        Id = "id",
        Sender = "s@example.org",
        Recipient = "r@example.com",
        Queue = "example.com",
        Site = site,
        Response = new LogResponse(250, null, "ok", null),
        EventTime = DateTimeOffset.UnixEpoch,
        CreatedTime = DateTimeOffset.UnixEpoch,
    };
}
