using Akka.Mta.Shaping.Automation;
using Akka.Mta.Shaping.Merging;

namespace Akka.Mta.Shaping.Tests;

/// <summary>Real provider responses matched against KumoMTA's default and community rules.</summary>
public sealed class ProviderResponseTests
{
    private const string D = TestShaping.DefaultFile;
    private const string C = TestShaping.CommunityFile;

    private static readonly Lazy<Task<ShapingModel>> Model = new(() => TestShaping.DefaultAndCommunity());

    /// <summary>recipient domain, response, the matching rules as file:line in order (empty: none).</summary>
    public static TheoryData<string, string, string[]> Responses => new()
    {
        // Yahoo: the default IP-deferral rule, the default file's [TS?S04] suspend, and the community TSS04 threshold rule.
        {
            "yahoo.com", "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes",
            [$"{D}:72", $"{D}:118", $"{C}:67"]
        },
        { "yahoo.com", "421 4.7.0 [TS04] Messages from 192.0.2.1 temporarily deferred due to user complaints", [$"{D}:72", $"{D}:118"] },
        { "ymail.com", "421 [IPTS04] Messages from 192.0.2.1 temporarily deferred due to user complaints", [$"{D}:72", $"{C}:81"] },
        // yahoo.co.jp has its own MX, hence its own site block rules.
        { "yahoo.co.jp", "421 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints", [$"{D}:72", $"{C}:123"] },
        // Comcast: RL0000 (threshold SetConfig) on the comcast.net site; RL000010 also suspends the tenant.
        { "comcast.net", "452 4.2.2 RL000001 Too many emails from this IP, try again later", [$"{D}:163"] },
        { "comcast.net", "421 4.2.1 RL000010 Domain throttled", [$"{D}:163", $"{D}:174"] },
        // Gmail: the community gmail rules sit under a provider without match rules, so they never fire (as in KumoMTA).
        {
            "gmail.com", "421 4.7.28 [192.0.2.1] Our system has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited.",
            []
        },
        { "gmail.com", "550 5.7.26 This mail is unauthenticated, which poses a security risk to the sender and Gmail users, and has been blocked.", [] },
        // Outlook: S3150 block list (community), and the Server busy family (default + two community rules).
        {
            "hotmail.com", "550 5.7.1 Unfortunately, messages from [192.0.2.1] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors.",
            [$"{C}:179"]
        },
        { "hotmail.com", "451 4.7.500 Server busy. Please try again later from [192.0.2.1]. (S77714) [Hostname=AM0PR00MB0000.eurprd00.prod.outlook.com]", [$"{D}:72", $"{C}:191", $"{C}:203"] },
        { "icloud.com", "421 4.7.0 [HCM1] Your mail from 192.0.2.1 was deferred", [] },
        // Not a provider's domain: only the default rule applies.
        { "example.org", "421 4.7.0 Messages from 192.0.2.1 temporarily deferred", [$"{D}:72"] },
        { "example.org", "250 2.0.0 OK", [] },
    };

    [Theory]
    [MemberData(nameof(Responses))]
    public async Task Response_MatchesTheRulesInKumoMtaOrder(string domain, string response, string[] expected)
    {
        var model = await Model.Value;
        var mx = TestShaping.MxOf(domain);

        var matched = model.MatchRules(ResponseLine.Parse(response), domain, mx.Site, mx);

        Assert.Equal(expected, matched.Select(m => m.Rule.Origin.ToProvenance()));
    }

    [Fact]
    public async Task YahooTss04_ActionsTriggersAndScopes()
    {
        var model = await Model.Value;
        var mx = TestShaping.MxOf("yahoo.com");

        var matched = model.MatchRules(ResponseLine.Parse("421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred"), "yahoo.com", mx.Site, mx);

        Assert.Equal(["default", "provider:yahoo", "provider:yahoo"], matched.Select(m => m.Scope));
        Assert.Equal([true, false, false], matched.Select(m => m.IsRollup));
        var defaultRule = matched[0].Rule;
        Assert.Equal(["max_message_rate", "connection_limit"], defaultRule.Actions.Cast<SetConfigAction>().Select(a => a.Override.Option));
        Assert.Equal(TimeSpan.FromMinutes(90), defaultRule.Duration);
        Assert.Same(SuspendAction.Instance, Assert.Single(matched[1].Rule.Actions));
        Assert.Equal(TimeSpan.FromHours(2), matched[1].Rule.Duration);
        Assert.IsType<ImmediateTrigger>(matched[1].Rule.Trigger);
        var threshold = Assert.IsType<ThresholdTrigger>(matched[2].Rule.Trigger);
        Assert.Equal((2L, TimeSpan.FromHours(1)), (threshold.Count, threshold.Window));
    }

    [Fact]
    public async Task ComcastRules_AreSiteScoped_WithTheirActions()
    {
        var model = await Model.Value;
        var mx = TestShaping.MxOf("comcast.net");

        var matched = model.MatchRules(ResponseLine.Parse("421 4.2.1 RL000010 Domain throttled"), "comcast.net", mx.Site, mx);

        Assert.All(matched, m => Assert.Equal("site:(mx1a1|mx2c1).comcast.net", m.Scope));
        var setConfig = Assert.IsType<SetConfigAction>(Assert.Single(matched[0].Rule.Actions));
        Assert.Equal(("max_connection_rate", Core.Throttling.ThrottleSpec.Parse("10000/h")), (setConfig.Override.Option, ((Model.ScalarParam)setConfig.Override.Param).Typed));
        Assert.Same(SuspendTenantAction.Instance, Assert.Single(matched[1].Rule.Actions));
        Assert.Equal(TimeSpan.FromMinutes(5), matched[1].Rule.Duration);
    }

    [Fact]
    public async Task GmailCommunityRules_FireOnceTheGmailProviderGetsMatchRules()
    {
        var model = await TestShaping.DefaultAndCommunity(("fix.toml", """
            [provider."gmail"]
            match = [{MXSuffix = ".google.com"}]
            """));
        var mx = TestShaping.MxOf("gmail.com");

        var matched = model.MatchRules(
            ResponseLine.Parse("421 4.7.28 [192.0.2.1] Our system has detected an unusual rate of unsolicited mail originating from your IP address."),
            "gmail.com", mx.Site, mx);

        Assert.Equal([$"{C}:39"], matched.Select(m => m.Rule.Origin.ToProvenance()));
    }

    [Fact]
    public async Task InternalResponses_MatchOnlyRulesThatAskForThem()
    {
        var model = await TestShaping.Text(("rules.toml", """
            [["default".automation]]
            regex = "suspended"
            action = "Suspend"
            duration = "5m"

            [["default".automation]]
            regex = "suspended"
            action = "Suspend"
            duration = "5m"
            match_internal = true
            """));
        var response = Core.Smtp.SmtpResponse.Internal(451, new Core.Smtp.EnhancedStatusCode(4, 4, 4), "scheduled queue is suspended");
        var kumo = ResponseLine.Parse("451 4.4.4 KumoMTA internal: scheduled queue is suspended: maintenance");

        Assert.Equal(["rules.toml:6"], model.MatchRules(response, "example.org", null, null).Select(m => m.Rule.Origin.ToProvenance()));
        Assert.Equal(["rules.toml:6"], model.MatchRules(kumo, "example.org", null, null).Select(m => m.Rule.Origin.ToProvenance()));
        Assert.Equal(2, model.MatchRules(ResponseLine.Parse("451 4.4.4 queue suspended"), "example.org", null, null).Count);
    }

    [Fact]
    public async Task IntegrationTestRules_ParseEveryActionKind()
    {
        var model = await TestShaping.Load([TestShaping.ReadAnchor("integration-tests-shaping.toml")]);

        var kinds = model.Default!.Automation.SelectMany(r => r.Actions).Select(a => a.Name);

        Assert.Equal(["Suspend", "SetConfig", "SetConfig", "SuspendCampaign", "SuspendTenant", "Bounce", "BounceCampaign", "BounceTenant"], kinds);
        var sink = model.MatchRules(ResponseLine.Parse("250 2.0.0 OK ids=1234"), "delivery.mx-sink.wezfurlong.org", null, null);
        Assert.Equal("domain:delivery.mx-sink.wezfurlong.org", Assert.Single(sink).Scope);
    }

    [Theory]
    [InlineData("421 4.7.0 [TSS04] text", 421, "4.7.0", "[TSS04] text")]
    [InlineData("421 [TSS04] text", 421, null, "[TSS04] text")]
    [InlineData("550-5.7.26 multi\nline", 550, "5.7.26", "multi line")]
    [InlineData("no code here", 0, null, "no code here")]
    public void ResponseLine_SplitsCodeEnhancedCodeAndContent(string text, int code, string? enhanced, string content)
    {
        var response = ResponseLine.Parse(text);

        Assert.Equal((code, enhanced, content), (response.Code, response.Enhanced?.ToString(), response.Content));
    }
}
