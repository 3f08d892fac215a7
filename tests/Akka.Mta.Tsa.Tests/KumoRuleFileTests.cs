using static Akka.Mta.Tsa.Tests.TsaTestData;

namespace Akka.Mta.Tsa.Tests;

/// <summary>
/// KumoMTA's default and community rule files, loaded unchanged, fed the replies providers really
/// send: the expected actions fire, scoped as KumoMTA scopes them.
/// </summary>
public sealed class KumoRuleFileTests
{
    private static readonly TsaRuleSet RuleSet = DefaultAndCommunity();

    private const string YahooTs04 = "421 4.7.0 [TS04] Messages from 192.0.2.10 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes";
    private const string YahooTss04 = "421 4.7.0 [TSS04] Messages from 192.0.2.10 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes";
    private const string ComcastRl = "421 4.2.0 mx.comcast.net comcast 192.0.2.10 Comcast block for spam. Please see http://postmaster.comcast.net/smtp-error-codes.php#RL000001";
    private const string ComcastRl10 = "421 4.2.0 mx.comcast.net comcast 192.0.2.10 Too many sessions opened. Please see http://postmaster.comcast.net/smtp-error-codes.php#RL000010";
    private const string Gmail5726 = "550 5.7.26 This message does not have authentication information or fails to pass authentication checks (SPF or DKIM). To best protect our users from spam, the message has been blocked.";

    [Fact]
    public void RuleFiles_LoadWithEveryRule()
    {
        // Default: 4 rules; community: 47 (KumoMTA's counts, spec section 6).
        Assert.Equal(51, RuleSet.Count);
        Assert.Equal(51, RuleSet.ById.Count);
    }

    [Fact]
    public void YahooTs04_SuspendsTheYahooPath_ForTwoHours_AndSlowsTheSite()
    {
        var (_, fired) = TsaState.Empty(RuleSet).Apply(Record(T0, YahooTs04, recipient: "user@yahoo.com", path: YahooPath, queue: "yahoo.com"), T0);

        var suspend = Assert.IsType<SuspendPathEffect>(Assert.Single(fired, e => e is SuspendPathEffect));
        Assert.Equal((YahooPath, T0.AddHours(2)), (suspend.Path, suspend.Expires));
        Assert.Equal("automation rule: \\[TS?S04\\]", suspend.Reason);
        Assert.StartsWith("provider:yahoo/", suspend.Rule);
        // The default block's "Messages from ... temporarily deferred" rule: 1/minute and one connection for 90 minutes, site-wide.
        var overrides = fired.OfType<ConfigOverrideEffect>().ToList();
        Assert.Equal(["max_message_rate = \"1/minute\"", "connection_limit = 1"], overrides.Select(o => o.Setting));
        Assert.All(overrides, o => Assert.Equal((true, "(mta5|mta6|mta7).am0.yahoodns.net", "ip-1", T0.AddMinutes(90)), (o.MxRollup, o.Site, o.Source, o.Expires)));
    }

    [Fact]
    public void YahooTss04_AlsoFiresTheCommunityThreshold_AtTheSecondMatch()
    {
        var records = new[] { T0, T0.AddMinutes(20) }.Select(t => Record(t, YahooTss04, recipient: "user@ymail.com", path: YahooPath, queue: "ymail.com"));

        var (state, fired) = Run(TsaState.Empty(RuleSet), records);

        // First: default rules (Suspend 2h, two overrides); second: they extend, and the community 2/hr rule adds Suspend 2h.
        Assert.Equal(3 + 4, fired.Count);
        var suspensions = state.ActiveEffects(T0.AddMinutes(21)).OfType<SuspendPathEffect>().ToList();
        Assert.Equal(2, suspensions.Count);
        Assert.All(suspensions, s => Assert.Equal(T0.AddMinutes(20).AddHours(2), s.Expires));
    }

    [Fact]
    public void ComcastRl0000_OverridesTheConnectionRate_AtTheSecondMatchInAnHour()
    {
        var first = Record(T0, ComcastRl, recipient: "user@comcast.net", path: ComcastPath, queue: "acme@comcast.net");
        var second = first with { EventTime = T0.AddMinutes(59) };

        var (afterFirst, none) = TsaState.Empty(RuleSet).Apply(first, T0);
        var (state, fired) = afterFirst.Apply(second, second.EventTime);

        Assert.Empty(none);
        var effect = Assert.IsType<ConfigOverrideEffect>(Assert.Single(fired));
        Assert.Equal(("max_connection_rate = \"10000/h\"", true, "comcast.net", "(mx1a1|mx2c1).comcast.net", T0.AddMinutes(59).AddHours(2)),
            (effect.Setting, effect.MxRollup, effect.Domain, effect.Site, effect.Expires));
        Assert.StartsWith("site:(mx1a1|mx2c1).comcast.net/", effect.Rule);
        Assert.Contains("max_connection_rate = \"10000/h\"", state.ActiveOverridesToml(second.EventTime));
    }

    [Fact]
    public void ComcastRl000010_SuspendsTheTenantAtOnce_ForFiveMinutes()
    {
        var (_, fired) = TsaState.Empty(RuleSet).Apply(
            Record(T0, ComcastRl10, recipient: "user@comcast.net", path: ComcastPath, queue: "acme@comcast.net"), T0);

        var suspend = Assert.IsType<SuspendQueuesEffect>(Assert.Single(fired));
        Assert.Equal(("comcast.net", "acme", (string?)null, T0.AddMinutes(5)), (suspend.Domain, suspend.Tenant, suspend.Campaign, suspend.Expires));
    }

    [Fact]
    public void Comcast_RuleDoesNotFireForAnotherProvidersDomain()
    {
        var (_, fired) = TsaState.Empty(RuleSet).Apply(
            Record(T0, ComcastRl10, recipient: "user@yahoo.com", path: YahooPath, queue: "acme@yahoo.com"), T0);

        Assert.Empty(fired);
    }

    [Fact]
    public void Gmail5726_FiresNothing_WithTheShippedFiles()
    {
        // As shipped, KumoMTA's 5.7.26 rule is a comment and the community "gmail" provider has no match rule.
        var (_, fired) = TsaState.Empty(RuleSet).Apply(
            Record(T0, Gmail5726, recipient: "user@gmail.com", path: GmailPath, queue: "acme@gmail.com", type: Core.Logging.LogRecordType.Bounce), T0);

        Assert.Empty(fired);
    }

    [Fact]
    public void Gmail5726_SuspendsTheTenant_WithTheRuleTheDefaultFileSuggests()
    {
        var rules = DefaultAndCommunity("""
            ["gmail.com"]
            mx_rollup = false
            [["gmail.com".automation]]
            regex = "This message does not have authentication information"
            action = "SuspendTenant"
            duration = "3 hours"
            """);

        var (_, fired) = TsaState.Empty(rules).Apply(
            Record(T0, Gmail5726, recipient: "user@gmail.com", path: GmailPath, queue: "news:acme@gmail.com", type: Core.Logging.LogRecordType.Bounce), T0);

        var suspend = Assert.IsType<SuspendQueuesEffect>(Assert.Single(fired));
        Assert.Equal(("gmail.com", "acme", T0.AddHours(3)), (suspend.Domain, suspend.Tenant, suspend.Expires));
    }

    [Fact]
    public void SiteHosts_ExpandTheFactoredSiteName()
    {
        Assert.Equal(["mta5.am0.yahoodns.net", "mta6.am0.yahoodns.net", "mta7.am0.yahoodns.net"], SiteHosts.Expand("(mta5|mta6|mta7).am0.yahoodns.net"));
        Assert.Equal(5, SiteHosts.Expand("(alt1|alt2|alt3|alt4)?.gmail-smtp-in.l.google.com").Count);
        Assert.Empty(SiteHosts.Expand("mx_list:10.0.0.1:25"));
    }
}
