using Akka.Mta.Core.Routing;

namespace Akka.Mta.Core.Tests.Routing;

public sealed class SiteNameTests
{
    [Fact]
    public void FromHosts_FactorsDifferingFirstLabels_IntoAlternation()
    {
        var site = SiteName.FromHosts(["mta5.am0.yahoodns.net", "mta6.am0.yahoodns.net", "mta7.am0.yahoodns.net"]);

        Assert.Equal("(mta5|mta6|mta7).am0.yahoodns.net", site);
    }

    [Fact]
    public void FromHosts_LowercasesNames()
    {
        var site = SiteName.FromHosts(["mta5.AM0.yahoodns.net", "mta6.am0.yAHOodns.net", "MTA7.am0.yahoodns.net."]);

        Assert.Equal("(mta5|mta6|mta7).am0.yahoodns.net", site);
    }

    [Fact]
    public void FromHosts_MarksLabelsSomeNamesLack_WithQuestionMark()
    {
        var site = SiteName.FromHosts([
            "gmail-smtp-in.l.google.com.",
            "alt1.gmail-smtp-in.l.google.com.",
            "alt2.gmail-smtp-in.l.google.com.",
            "alt3.gmail-smtp-in.l.google.com.",
            "alt4.gmail-smtp-in.l.google.com.",
        ]);

        Assert.Equal("(alt1|alt2|alt3|alt4)?.gmail-smtp-in.l.google.com", site);
    }

    [Fact]
    public void FromHosts_KeepsFirstSeenOrder_SoDifferentOrdersAreDifferentSites()
    {
        var outlookFirst = SiteName.FromHosts([
            "example-com.mail.protection.outlook.com.", "mx-biz.mail.am0.yahoodns.net.", "mx-biz.mail.am0.yahoodns.net.",
        ]);
        var yahooFirst = SiteName.FromHosts([
            "mx-biz.mail.am0.yahoodns.net.", "mx-biz.mail.am0.yahoodns.net.", "example-com.mail.protection.outlook.com.",
        ]);

        Assert.Equal("(example-com|mx-biz).mail.(protection|am0).(outlook|yahoodns).(com|net)", outlookFirst);
        Assert.Equal("(mx-biz|example-com).mail.(am0|protection).(yahoodns|outlook).(net|com)", yahooFirst);
    }

    [Fact]
    public void FromHosts_AttachesPortToLastLabel()
    {
        var site = SiteName.FromHosts(["a.sink.test:2525", "b.sink.test:2525"]);

        Assert.Equal("(a|b).sink.test:2525", site);
    }

    [Fact]
    public void FromHosts_SingleHost_IsThatHostWithoutTrailingDot()
    {
        Assert.Equal("mx.example.com", SiteName.FromHosts(["MX.Example.com."]));
    }

    [Fact]
    public void FromHosts_NullMx_IsEmpty()
    {
        Assert.Equal("", SiteName.FromHosts(["."]));
        Assert.Equal("", SiteName.FromHosts([]));
    }

    [Fact]
    public void FromHosts_SkipsNamesWithEmptyLabels()
    {
        Assert.Equal("mx.example.com", SiteName.FromHosts(["mx..bad", "mx.example.com"]));
    }

    [Fact]
    public void FromMxList_PrefixesEntriesJoinedByCommas()
    {
        var site = SiteName.FromMxList(["127.0.0.1:2525", "mx.example.com"]);

        Assert.Equal("mx_list:127.0.0.1:2525,mx.example.com", site);
        Assert.True(SiteName.IsMxList(site));
        Assert.False(SiteName.IsMxList("mx.example.com"));
    }
}
