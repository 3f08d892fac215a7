using Akka.Mta.Core.Queues;

namespace Akka.Mta.Core.Tests;

public sealed class QueueNameTests
{
    [Theory]
    [InlineData("campaign:tenant@domain.com", "domain.com", "tenant", "campaign", null)]
    [InlineData("campaign:@domain.com", "domain.com", null, "campaign", null)]
    [InlineData("tenant@domain.com", "domain.com", "tenant", null, null)]
    [InlineData("domain.com", "domain.com", null, null, null)]
    [InlineData("tenant@foo.com!relay.example:2025", "foo.com", "tenant", null, "relay.example:2025")]
    [InlineData("c:t@foo.com!r.example", "foo.com", "t", "c", "r.example")]
    [InlineData("foo.com!r.example", "foo.com", null, null, "r.example")]
    public void ScheduledQueueName_ParsesAndFormats_RoundTrip(string text, string domain, string? tenant, string? campaign, string? routing)
    {
        var name = ScheduledQueueName.Parse(text);
        Assert.Equal(new ScheduledQueueName(domain, tenant, campaign, routing), name);
        Assert.Equal(text, name.ToString());
    }

    [Fact]
    public void ScheduledQueueName_For_LowercasesDomain_AndDropsEmptyParts()
    {
        Assert.Equal("t@example.com", ScheduledQueueName.For("Example.COM", "t", "", null).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("tenant@")]
    [InlineData("c:t@!r")]
    public void ScheduledQueueName_WithoutDomain_IsAnError(string text) =>
        Assert.Throws<FormatException>(() => ScheduledQueueName.Parse(text));

    [Theory]
    [InlineData("ip-1->(mta5|mta6|mta7).am0.yahoodns.net@smtp_client", "ip-1", "(mta5|mta6|mta7).am0.yahoodns.net", "smtp_client")]
    [InlineData("unspecified->mx_list:127.0.0.1:2525@smtp_client", "unspecified", "mx_list:127.0.0.1:2525", "smtp_client")]
    [InlineData("src->example.com@maildir:/var/mail", "src", "example.com", "maildir:/var/mail")]
    public void EgressPathId_ParsesAndFormats_RoundTrip(string text, string source, string site, string protocol)
    {
        var id = EgressPathId.Parse(text);
        Assert.Equal(new EgressPathId(source, site, protocol), id);
        Assert.Equal(text, id.ToString());
    }

    [Theory]
    [InlineData("src->site")]
    [InlineData("src->@smtp_client")]
    [InlineData("src->site@")]
    public void EgressPathId_Malformed_IsAnError(string text) =>
        Assert.Throws<FormatException>(() => EgressPathId.Parse(text));
}
