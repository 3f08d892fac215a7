using Akka.Mta.Shaping.Merging;
using Akka.Mta.Shaping.Model;
using Akka.Mta.Toml;

namespace Akka.Mta.Shaping.Tests;

/// <summary>
/// Effective configurations over KumoMTA's default and community files plus a site file: defaults,
/// providers by domain suffix, MX suffix and host name (every host must match), sources, mx_rollup
/// sites, replace_base, additional_* map merging and provider-wide implied limits.
/// </summary>
public sealed class ExplainCaseTests
{
    private const string D = TestShaping.DefaultFile;
    private const string C = TestShaping.CommunityFile;
    private const string U = "custom.toml";

    internal const string Custom = """
        ["default"]
        additional_connection_limits = { "global-cap" = 100 }

        ["example.org"]
        mx_rollup = false
        connection_limit = 7
        additional_connection_limits = { "example-cap" = 20 }

        ["example.org".sources."ip-2"]
        connection_limit = 2
        additional_connection_limits = { "ip-2-cap" = 1 }

        [provider."google"]
        provider_max_message_rate = "1000/h"

        [provider."google".sources."ip-1"]
        max_deliveries_per_connection = 25
        provider_source_selection_rate = "500/h"

        ["yahoo.com"]
        max_deliveries_per_connection = 10

        ["mail.com"]
        replace_base = true
        connection_limit = 3

        [provider."corp"]
        match = [{DomainSuffix = ".corp.example"}, {HostName = "mx.corp-hosting.example"}]
        connection_limit = 4
        """;

    private static readonly Lazy<Task<ShapingModel>> Model = new(() => TestShaping.DefaultAndCommunity((U, Custom)));

    /// <summary>domain, source, option (map entries as option/entry), value as written, file:line (or "default").</summary>
    public static TheoryData<string, string, string, string, string> Cases => new()
    {
        // Defaults: the default block, and the built-in default when nothing sets an option.
        { "unknown.example", "ip-1", "connection_limit", "10", $"{D}:55" },
        { "unknown.example", "ip-1", "idle_timeout", "\"60s\"", $"{D}:59" },
        { "unknown.example", "ip-1", "smtp_port", "25", "default" },
        { "unknown.example", "ip-1", "additional_connection_limits/global-cap", "100", $"{U}:2" },
        // Provider by MX suffix, with the provider-wide limit and rate as shared per-source keys.
        { "gmail.com", "ip-9", "enable_tls", "\"Required\"", $"{D}:99" },
        { "gmail.com", "ip-9", "max_deliveries_per_connection", "50", $"{D}:100" },
        { "gmail.com", "ip-9", "provider_name", "\"google\"", $"{D}:92" },
        { "gmail.com", "ip-9", "additional_connection_limits/shaping-provider-google-ip-9-limit", "5", $"{D}:101" },
        { "gmail.com", "ip-9", "additional_connection_limits/global-cap", "100", $"{U}:2" },
        { "gmail.com", "ip-9", "additional_message_rate_throttles/shaping-provider-google-ip-9-rate", "\"1000/h\"", $"{U}:14" },
        // Provider source tables, and provider_source_selection_rate becoming a shared selection rate.
        { "gmail.com", "ip-1", "max_deliveries_per_connection", "25", $"{U}:17" },
        { "gmail.com", "ip-1", "additional_source_selection_rates/shaping-provider-google-ip-1-selection-rate", "\"500/h\"", $"{U}:18" },
        { "workspace.example", "ip-1", "provider_name", "\"google\"", $"{D}:92" },
        // Every MX host must match: a domain mixing Google and another host is not Google's.
        { "vanity.example", "ip-1", "enable_tls", "\"Opportunistic\"", $"{D}:62" },
        { "vanity.example", "ip-1", "max_deliveries_per_connection", "100", $"{D}:57" },
        // mx_rollup blocks apply to the site, so to every domain sharing the MX hosts.
        { "yahoo.com", "ip-1", "max_deliveries_per_connection", "10", $"{U}:21" },
        { "ymail.com", "ip-1", "max_deliveries_per_connection", "10", $"{U}:21" },
        { "yahoo.com", "ip-1", "provider_name", "\"yahoo\"", $"{D}:114" },
        { "comcast.net", "ip-1", "connection_limit", "25", $"{D}:157" },
        { "comcast.net", "ip-1", "idle_timeout", "\"30s\"", $"{D}:160" },
        { "yahoo.co.jp", "ip-1", "max_message_rate", "\"10/s\"", $"{C}:112" },
        // replace_base drops the earlier mail.com block: its max_deliveries_per_connection falls back to default.
        { "mail.com", "ip-1", "connection_limit", "3", $"{U}:25" },
        { "mail.com", "ip-1", "max_deliveries_per_connection", "100", $"{D}:57" },
        // Domain blocks (mx_rollup=false) and their sources; additional_* maps merge across all levels.
        { "example.org", "ip-1", "connection_limit", "7", $"{U}:6" },
        { "example.org", "ip-1", "additional_connection_limits/example-cap", "20", $"{U}:7" },
        { "example.org", "ip-2", "connection_limit", "2", $"{U}:10" },
        { "example.org", "ip-2", "additional_connection_limits/global-cap", "100", $"{U}:2" },
        { "example.org", "ip-2", "additional_connection_limits/example-cap", "20", $"{U}:7" },
        { "example.org", "ip-2", "additional_connection_limits/ip-2-cap", "1", $"{U}:11" },
        { "example.com", "my source name", "connection_limit", "5", $"{D}:227" },
        { "example.com", "other source", "connection_limit", "3", $"{D}:217" },
        // More providers of the default and community files.
        { "hotmail.com", "ip-1", "additional_connection_limits/shaping-provider-outlook-ip-1-limit", "5", $"{D}:131" },
        { "contoso.com", "ip-1", "provider_name", "\"office365\"", $"{D}:133" },
        { "icloud.com", "ip-1", "max_deliveries_per_connection", "5", $"{D}:151" },
        { "icloud.com", "ip-1", "additional_connection_limits/shaping-provider-apple-ip-1-limit", "10", $"{D}:150" },
        { "orange.fr", "ip-1", "additional_connection_limits/shaping-provider-orange-ip-1-limit", "2", $"{D}:201" },
        { "orange.fr", "ip-1", "enable_tls", "\"Required\"", $"{D}:203" },
        { "web.de", "ip-1", "connection_limit", "4", $"{C}:149" },
        // Providers by domain suffix (no DNS) and by exact MX host name.
        { "intranet.corp.example", "ip-1", "connection_limit", "4", $"{U}:29" },
        { "client.example", "ip-1", "provider_name", "\"corp\"", $"{U}:27" },
        // A queue name that is not a DNS name: no provider applies, the domain block does.
        { "http://127.0.0.1:8008.tsa.kumomta", "ip-1", "connection_limit", "\"local:5\"", $"{D}:238" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Explain_GivesTheValueAsWritten_AndWhereItWasSet(string domain, string source, string option, string value, string provenance)
    {
        var model = await Model.Value;
        Assert.Empty(model.Errors);

        var effective = model.Resolve(domain, source, TestShaping.MxOf(domain));

        var (name, entry) = option.Split('/') is [var n, var e] ? (n, e) : (option, null);
        if (provenance == "default")
        {
            Assert.False(effective.TryGetOption(name, out _), $"{name} should not be set");
            Assert.Equal(value, Render(Options.EgressPathOptions.Find(name)!.DefaultWritten!));
            return;
        }
        Assert.True(effective.TryGetOption(name, out var param), $"{name} is not set for {domain} via {source}");
        if (entry is null)
        {
            Assert.Equal((value, provenance), (Render(param.Written), param.Origin.ToProvenance()));
        }
        else
        {
            var map = Assert.IsType<MapParam>(param);
            var found = map.Entries.SingleOrDefault(e => e.Key == entry);
            Assert.True(found is not null, $"{name} has no entry {entry}: {string.Join(", ", map.Entries.Select(e => e.Key))}");
            Assert.Equal((value, provenance), (Render(found.Value), found.Origin.ToProvenance()));
        }
    }

    [Theory]
    [InlineData("gmail.com", "(alt1|alt2|alt3|alt4)?.gmail-smtp-in.l.google.com", new[] { "google" })]
    [InlineData("yahoo.com", "(mta5|mta6|mta7).am0.yahoodns.net", new[] { "yahoo" })]
    [InlineData("hotmail.com", "hotmail-com.olc.protection.outlook.com", new[] { "outlook" })]
    [InlineData("vanity.example", "aspmx?.(l|mx).(google|vanity-backup).(com|example)", new string[0])]
    [InlineData("intranet.corp.example", null, new[] { "corp" })]
    public async Task Explain_NamesTheSiteAndTheProviders(string domain, string? site, string[] providers)
    {
        var model = await Model.Value;

        var effective = model.Resolve(domain, "ip-1", TestShaping.MxOf(domain));

        Assert.Equal(site, effective.Site);
        Assert.Equal(providers, effective.Providers);
    }

    [Fact]
    public async Task NullMx_HasNoSite_AndNoMxProvider()
    {
        var model = await Model.Value;

        var effective = model.Resolve("example.com", "ip-1", TestShaping.MxOf("example.com"));

        Assert.Null(effective.Site);
        Assert.Empty(effective.Providers);
    }

    [Fact]
    public async Task WithoutMxHosts_OnlyDomainSuffixProvidersMatch()
    {
        var model = await Model.Value;

        Assert.Empty(model.Resolve("gmail.com", "ip-1", site: null, mx: null).Providers);
        Assert.Equal(["corp"], model.Resolve("a.corp.example", "ip-1", site: null, mx: null).Providers);
    }

    [Fact]
    public async Task TypedConfig_CarriesTheProviderWideKeys()
    {
        var model = await Model.Value;

        var config = model.Resolve("gmail.com", "ip-1", TestShaping.MxOf("gmail.com")).Config;

        Assert.Equal(Options.TlsMode.Required, config.EnableTls);
        Assert.Equal("google", config.ProviderName);
        Assert.Equal(["global-cap", "shaping-provider-google-ip-1-limit"], config.AdditionalConnectionLimits.Keys);
        Assert.Equal(new Core.Throttling.LimitSpec(5), config.AdditionalConnectionLimits["shaping-provider-google-ip-1-limit"]);
        Assert.Equal(Core.Throttling.ThrottleSpec.Parse("1000/h"), config.AdditionalMessageRateThrottles["shaping-provider-google-ip-1-rate"]);
        Assert.Equal(Core.Throttling.ThrottleSpec.Parse("500/h"), config.AdditionalSourceSelectionRates["shaping-provider-google-ip-1-selection-rate"]);
        Assert.Equal(TimeSpan.FromDays(3), config.RememberBrokenTls);
        Assert.Equal(TimeSpan.FromSeconds(60), config.IdleTimeout);
    }

    internal static string Render(TomlNode node) => node switch
    {
        TomlString s => "\"" + s.Value + "\"",
        _ => TomlWriter.FormatValue(node),
    };
}
