using Akka.Mta.Shaping.Merging;

namespace Akka.Mta.Shaping.Tests;

/// <summary>Mistakes in shaping files: every one reported, as file:line:col: key path: message.</summary>
public sealed class LoadErrorTests
{
    private static async Task<IReadOnlyList<string>> Errors(string name, string text) =>
        (await TestShaping.Text((name, text))).Errors.Select(e => e.ToString()).ToList();

    [Fact]
    public async Task EveryError_OfALoad_IsReported_NotJustTheFirst()
    {
        var errors = await Errors("bad.toml", """
            ["default"]
            conection_limit = 10
            max_message_rate = "fast"
            enable_tls = "required"

            [provider."google"]
            match = [{MXSufix = ".google.com"}]
            idle_timeout = "5 fortnights"

            [["example.com".automation]]
            regex = "(unclosed"
            action = "Supend"
            duration = "1h"
            """);

        Assert.Equal(
        [
            "bad.toml:2:1: default.conection_limit: unknown egress path option \"conection_limit\" (did you mean \"connection_limit\"?)",
            "bad.toml:3:20: default.max_message_rate: invalid throttle \"fast\": expected <limit>/<period>, for example 100/s or 10,000/h",
            "bad.toml:4:14: default.enable_tls: unknown value \"required\": expected one of \"Opportunistic\", \"OpportunisticInsecure\", \"Required\", \"RequiredInsecure\", \"Disabled\" (names are case-sensitive: did you mean \"Required\"?)",
            "bad.toml:7:10: provider.google.match[0]: expected one of {MXSuffix=\"...\"}, {DomainSuffix=\"...\"} or {HostName=\"...\"}, found a table",
            "bad.toml:8:16: provider.google.idle_timeout: invalid duration \"5 fortnights\": unknown unit \"fortnights\"",
        ], errors.Take(5));
        Assert.StartsWith("bad.toml:11:9: \"example.com\".automation[0].regex: the regex \"(unclosed\" does not compile:", errors[5]);
        Assert.StartsWith("bad.toml:12:10: \"example.com\".automation[0].action: unknown action \"Supend\" (did you mean \"Suspend\"?)", errors[6]);
        Assert.Equal(7, errors.Count);
    }

    [Fact]
    public async Task TomlSyntaxError_IsReportedWithItsPosition()
    {
        var errors = await Errors("syntax.toml", "[\"default\"]\nconnection_limit = = 3\n");

        var error = Assert.Single(errors);
        Assert.StartsWith("syntax.toml:2:", error);
    }

    [Theory]
    [InlineData("connection_limit = -1", "default.connection_limit: -1 is out of range")]
    [InlineData("connection_limit = \"lots\"", "default.connection_limit: invalid limit \"lots\"")]
    [InlineData("connection_limit = true", "default.connection_limit: expected a connection limit")]
    [InlineData("max_deliveries_per_connection = \"100\"", "default.max_deliveries_per_connection: expected an integer of at least 1, found the string \"100\"")]
    [InlineData("smtp_port = 70000", "default.smtp_port: 70000 is out of range: expected an integer from 1 to 65535")]
    [InlineData("connect_timeout = -5", "default.connect_timeout: -5 is not a valid number of seconds")]
    [InlineData("prohibited_hosts = [\"10.0.0.0/33\"]", "default.prohibited_hosts[0]: \"10.0.0.0/33\" is not an IP address or CIDR network")]
    [InlineData("additional_connection_limits = { cap = \"x\" }", "default.additional_connection_limits.cap: invalid limit \"x\"")]
    [InlineData("additional_message_rate_throttles = 5", "default.additional_message_rate_throttles: expected a table of names to values")]
    [InlineData("openssl_options = \"NO_TLSV1|NO_SUCH\"", "default.openssl_options: \"NO_SUCH\" is not an OpenSSL option name")]
    [InlineData("rustls_cipher_suites = [\"TLS_NULL\"]", "default.rustls_cipher_suites[0]: the string \"TLS_NULL\" is not one of the rustls cipher suites")]
    [InlineData("smtp_auth_plain_password = { vault_mount = \"secret\" }", "default.smtp_auth_plain_password: a vault key source needs vault_path")]
    [InlineData("mx_rollup = \"yes\"", "default.mx_rollup: expected true or false")]
    [InlineData("sources = { \"ip-1\" = { connection_limt = 1 } }", "default.sources.ip-1.connection_limt: unknown egress path option \"connection_limt\" (did you mean \"connection_limit\"?)")]
    [InlineData("sources = { \"ip-1\" = { provider_source_selection_rate = \"5/s\" } }", "default.sources.ip-1.provider_source_selection_rate: unknown egress path option")]
    [InlineData("automation = [{ regex = \"x\", action = \"Suspend\" }]", "default.automation[0]: a rule needs \"duration\"")]
    [InlineData("automation = [{ regex = \"x\", action = \"Suspend\", duration = \"1h\", trigger = { Threshold = \"many\" } }]", "default.automation[0].trigger.Threshold: invalid throttle \"many\"")]
    [InlineData("automation = [{ regex = \"x\", action = \"Suspend\", duration = \"1h\", trigger = \"Later\" }]", "default.automation[0].trigger: expected \"Immediate\" or {Threshold=\"N/period\"}")]
    [InlineData("automation = [{ regex = \"x\", action = \"Suspend\", duration = \"1h\", tigger = \"Immediate\" }]", "default.automation[0].tigger: unknown rule key \"tigger\" (did you mean \"trigger\"?)")]
    [InlineData("automation = [{ regex = [], action = \"Suspend\", duration = \"1h\" }]", "default.automation[0].regex: a rule needs at least one regex")]
    [InlineData("automation = [{ regex = \"x\", action = {SetConfig={name=\"conection_limit\", value=1}}, duration = \"1h\" }]", "default.automation[0].action.SetConfig.name: unknown egress path option \"conection_limit\"")]
    [InlineData("automation = [{ regex = \"x\", action = {SetConfig={name=\"connection_limit\", value=\"one\"}}, duration = \"1h\" }]", "default.automation[0].action.SetConfig.value: invalid limit \"one\"")]
    [InlineData("automation = [{ regex = \"x\", action = {SetConfig={name=\"max_message_rate\"}}, duration = \"1h\" }]", "default.automation[0].action.SetConfig: a config override needs both name and value")]
    [InlineData("automation = [{ regex = \"x\", action = \"SetConfig\", duration = \"1h\" }]", "default.automation[0].action: action SetConfig needs its settings")]
    [InlineData("automation = [{ regex = \"x\", action = {Suspend={}}, duration = \"1h\" }]", "default.automation[0].action.Suspend: action Suspend takes no settings")]
    public async Task BadValue_InDefaultBlock_NamesTheKeyAndWhy(string line, string expected)
    {
        var errors = await Errors("f.toml", "[\"default\"]\n" + line + "\n");

        Assert.True(errors.Any(e => e.Contains(expected, StringComparison.Ordinal)), $"expected \"{expected}\" in:\n{string.Join("\n", errors)}");
        Assert.All(errors, e => Assert.StartsWith("f.toml:2:", e));
    }

    [Theory]
    [InlineData("mx_rollup = false", "provider.p.mx_rollup: unknown egress path option \"mx_rollup\"")]
    [InlineData("provider_connection_limit = \"x\"", "provider.p.provider_connection_limit: invalid limit \"x\"")]
    [InlineData("provider_max_message_rate = 5", "provider.p.provider_max_message_rate: expected a rate")]
    [InlineData("match = [{DomainSuffix = 5}]", "provider.p.match[0].DomainSuffix: expected a string")]
    [InlineData("match = \".example\"", "provider.p.match: expected a list")]
    public async Task BadValue_InProviderBlock_NamesTheKeyAndWhy(string line, string expected)
    {
        var errors = await Errors("p.toml", "[provider.\"p\"]\n" + line + "\n");

        Assert.True(errors.Any(e => e.Contains(expected, StringComparison.Ordinal)), $"expected \"{expected}\" in:\n{string.Join("\n", errors)}");
    }

    [Fact]
    public async Task NonTableTopLevelKey_IsAnError()
    {
        var errors = await Errors("top.toml", "connection_limit = 5\n");

        Assert.Equal("top.toml:1:1: connection_limit: expected a table (a domain block such as [\"connection_limit\"], [\"default\"] or [provider.\"name\"]), found the integer 5", Assert.Single(errors));
    }

    [Fact]
    public async Task UnquotedDomainHeader_IsAnError_AndWarnedAbout()
    {
        var model = await TestShaping.Text(("dots.toml", "[gmail.com]\nconnection_limit = 5\n"));

        Assert.Contains(model.Warnings, w => w.Message.Contains("single DNS label", StringComparison.Ordinal));
        Assert.Contains(model.Errors, e => e.KeyPath == "gmail.com" && e.Message.Contains("unknown egress path option \"com\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnreadableFile_IsAnError_NamingIt()
    {
        var path = Path.Combine(Path.GetTempPath(), "akka-mta-missing-" + Guid.NewGuid().ToString("N") + ".toml");

        var model = await ShapingLoader.LoadFilesAsync([path], NoDnsMxHostsSource.Instance);

        var error = Assert.Single(model.Errors);
        Assert.StartsWith(path + ": cannot read the file:", error.ToString());
    }

    [Fact]
    public async Task NeitherTomlNorJson_WithAnotherExtension_IsAnError()
    {
        var errors = await Errors("shaping.conf", "this is = = not { valid");

        Assert.Contains("cannot read as TOML", Assert.Single(errors));
    }

    [Fact]
    public async Task OtherExtension_ReadsJson_WhenItIsNotToml()
    {
        var model = await TestShaping.Text(("shaping.conf", "{\"default\": {\"connection_limit\": 4}}"));

        Assert.Empty(model.Errors);
        Assert.Equal(4, model.Resolve("a.example", "s", null, null).Config.ConnectionLimit.Limit);
    }
}
