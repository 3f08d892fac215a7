using Akka.Mta.Core.Throttling;

namespace Akka.Mta.Shaping.Tests;

/// <summary>The worked example of the KumoMTA docs (compat spec 1.6).</summary>
public sealed class MergeExampleTests
{
    private const string File = """
        ["default"]
        connection_limit = 10
        max_deliveries_per_connection = 100
        max_message_rate = "100/s"
        max_connection_rate = "100/min"

        ["foo.com"]
        mx_rollup = false
        max_deliveries_per_connection = 50
        connection_limit = 3

        ["foo.com".sources."IP-1"]
        max_deliveries_per_connection = 5
        """;

    [Fact]
    public async Task DocsExample_SourceOverDomainOverDefault()
    {
        var model = await TestShaping.Text(("shaping.toml", File));
        Assert.False(model.HasErrors, TestShaping.Describe(model));

        var effective = model.Resolve("foo.com", "IP-1", site: null, mx: null);

        Assert.Equal(new LimitSpec(3), effective.Config.ConnectionLimit);
        Assert.Equal(5, effective.Config.MaxDeliveriesPerConnection);
        Assert.Equal(ThrottleSpec.Parse("100/s"), effective.Config.MaxMessageRate);
        Assert.Equal(ThrottleSpec.Parse("100/min"), effective.Config.MaxConnectionRate);
        Assert.Equal("shaping.toml:10", effective.Provenance("connection_limit"));
        Assert.Equal("shaping.toml:13", effective.Provenance("max_deliveries_per_connection"));
        Assert.Equal("shaping.toml:4", effective.Provenance("max_message_rate"));
        Assert.Equal("shaping.toml:5", effective.Provenance("max_connection_rate"));
        Assert.Equal("default", effective.Provenance("idle_timeout"));
    }

    [Fact]
    public async Task DocsExample_OtherSourceGetsTheDomainValues()
    {
        var model = await TestShaping.Text(("shaping.toml", File));

        var effective = model.Resolve("foo.com", "IP-2", site: null, mx: null);

        Assert.Equal(50, effective.Config.MaxDeliveriesPerConnection);
        Assert.Equal(new LimitSpec(3), effective.Config.ConnectionLimit);
    }

    [Fact]
    public async Task DocsExample_OtherDomainGetsTheDefaults()
    {
        var model = await TestShaping.Text(("shaping.toml", File));

        var effective = model.Resolve("bar.com", "IP-1", site: null, mx: null);

        Assert.Equal(100, effective.Config.MaxDeliveriesPerConnection);
        Assert.Equal(new LimitSpec(10), effective.Config.ConnectionLimit);
    }
}
