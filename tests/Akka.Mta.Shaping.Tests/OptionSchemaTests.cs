using System.Net;
using Akka.Mta.Core.Throttling;
using Akka.Mta.Shaping.Options;
using Akka.Mta.Toml;

namespace Akka.Mta.Shaping.Tests;

/// <summary>The egress-path and queue option schemas: every option typed, defaulted and checked.</summary>
public sealed class OptionSchemaTests
{
    /// <summary>A valid, non-default value for every egress path option.</summary>
    private const string EveryOption = """
        connection_limit = "local:7"
        additional_connection_limits = { a = 3, b = "local:2" }
        enable_tls = "RequiredInsecure"
        enable_mta_sts = false
        enable_dane = true
        enable_pipelining = false
        enable_rset = false
        tls_prefer_openssl = true
        tls_certificate = "/etc/certs/client.pem"
        tls_private_key = { key_data = "-----BEGIN PRIVATE KEY-----" }
        openssl_cipher_list = "HIGH:!aNULL"
        openssl_cipher_suites = "TLS_AES_256_GCM_SHA384"
        openssl_options = "NO_TLSV1|NO_TLSV1_1"
        rustls_cipher_suites = ["tls13_aes_256_gcm_sha384"]
        connect_timeout = "1m 30s"
        banner_timeout = 61
        ehlo_timeout = "4m"
        auth_timeout = "2m"
        mail_from_timeout = "6m"
        rcpt_to_timeout = "7m"
        data_timeout = "8m"
        data_dot_timeout = "9m"
        rset_timeout = "6s"
        idle_timeout = "7s"
        starttls_timeout = "8s"
        system_shutdown_timeout = "30s"
        max_ready = 10000
        consecutive_connection_failures_before_delay = 24
        smtp_port = 2525
        smtp_auth_plain_username = "relay"
        smtp_auth_plain_password = { vault_mount = "secret", vault_path = "smtp/relay" }
        allow_smtp_auth_plain_without_tls = true
        allow_smtp_auth_plain_without_valid_certificate = true
        max_message_rate = "10,000/h"
        additional_message_rate_throttles = { shared = "20/30minute" }
        source_selection_rate = "5/s,max_burst=1"
        additional_source_selection_rates = { s = "1/d" }
        max_connection_rate = "100/min"
        max_deliveries_per_connection = 3
        max_recipients_per_batch = 50
        prohibited_hosts = ["10.0.0.0/8", "192.0.2.1"]
        skip_hosts = ["2001:db8::/32"]
        ip_lookup_strategy = "Ipv4Only"
        ehlo_domain = "mta.example.net"
        aggressive_connection_opening = true
        refresh_interval = "2m"
        refresh_strategy = "Epoch"
        dispatcher_wakeup_strategy = "Relaxed"
        maintainer_wakeup_strategy = "Relaxed"
        provider_name = "acme"
        remember_broken_tls = "3 days"
        opportunistic_tls_reconnect_on_failed_handshake = true
        use_lmtp = true
        reconnect_strategy = "TerminateSession"
        readyq_pool_name = "pool-2"
        low_memory_reduction_policy = "ShrinkData"
        no_memory_reduction_policy = "NoShrink"
        try_next_host_on_transport_error = true
        ignore_8bit_checks = true
        dispatcher_progress_watchdog_timeout = "15m"
        result_overrides = [ { regex = "^452 4\\.2\\.2", result = "Permanent" } ]
        throttle_program = { trigger_required_attempts = 100, max_deferral_rate = 30, backoff_max_concurrent_connections = 2, return_after = "1h" }
        """;

    [Fact]
    public void EveryOption_HasATypedField_ThatItsValueChanges()
    {
        var table = TomlParser.Parse(EveryOption, "all.toml").Root;
        Assert.Equal(EgressPathOptions.All.Select(o => o.Name).Order(), table.Keys.Order());

        var validation = EgressPathConfig.Validate(table);

        Assert.True(validation.IsValid, string.Join("\n", validation.Diagnostics));
        var config = validation.Config!;
        var defaults = EgressPathConfig.Default;
        foreach (var property in typeof(EgressPathConfig).GetProperties().Where(p => p.CanWrite))
        {
            Assert.True(IsChanged(property.GetValue(config), property.GetValue(defaults)), $"{property.Name} kept its default");
        }
        Assert.Equal(new LimitSpec(7, Local: true), config.ConnectionLimit);
        Assert.Equal(["a", "b"], config.AdditionalConnectionLimits.Keys);
        Assert.Equal(new ThrottleSpec(20, 1800), config.AdditionalMessageRateThrottles["shared"]);
        Assert.Equal(TimeSpan.FromSeconds(90), config.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(61), config.BannerTimeout);
        Assert.Equal(["TLS13_AES_256_GCM_SHA384"], config.RustlsCipherSuites);
        Assert.Equal(new VaultKeySource("secret", "smtp/relay"), config.SmtpAuthPlainPassword);
        Assert.Equal("{key_data=<redacted>}", config.TlsPrivateKey!.ToString());
        Assert.Equal([IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("192.0.2.1/32")], config.ProhibitedHosts);
        Assert.Equal(new ThrottleSpec(5, 1, MaxBurst: 1), config.SourceSelectionRate);
    }

    private static bool IsChanged(object? value, object? fallback) => !Equals(value, fallback) && !IsSameCollection(value, fallback);

    private static bool IsSameCollection(object? a, object? b) =>
        a is System.Collections.IEnumerable x && b is System.Collections.IEnumerable y && a is not string
        && x.Cast<object>().SequenceEqual(y.Cast<object>());

    [Fact]
    public void Defaults_AreTheReferenceTable()
    {
        var d = EgressPathConfig.Default;

        Assert.Equal(new LimitSpec(32), d.ConnectionLimit);
        Assert.Equal(TlsMode.Opportunistic, d.EnableTls);
        Assert.True(d.EnableMtaSts);
        Assert.False(d.EnableDane);
        Assert.Equal((60, 60, 300, 60, 300, 300, 300, 300, 5, 5, 5),
            ((int)d.ConnectTimeout.TotalSeconds, (int)d.BannerTimeout.TotalSeconds, (int)d.EhloTimeout.TotalSeconds, (int)d.AuthTimeout.TotalSeconds,
                (int)d.MailFromTimeout.TotalSeconds, (int)d.RcptToTimeout.TotalSeconds, (int)d.DataTimeout.TotalSeconds, (int)d.DataDotTimeout.TotalSeconds,
                (int)d.RsetTimeout.TotalSeconds, (int)d.IdleTimeout.TotalSeconds, (int)d.StarttlsTimeout.TotalSeconds));
        Assert.Equal((1024, 100, 25, 1024, 100), (d.MaxReady, d.ConsecutiveConnectionFailuresBeforeDelay, d.SmtpPort, d.MaxDeliveriesPerConnection, d.MaxRecipientsPerBatch));
        Assert.Null(d.MaxMessageRate);
        Assert.Equal(["127.0.0.0/8", "::1", "0.0.0.0", "::"], d.ProhibitedHosts.Select(CidrListOptionType.Format));
        Assert.Equal(IpLookupStrategy.Ipv4AndIpv6, d.IpLookupStrategy);
        Assert.Equal(TimeSpan.FromSeconds(60), d.RefreshInterval);
        Assert.Equal(ConfigRefreshStrategy.Ttl, d.RefreshStrategy);
        Assert.Equal(ReconnectStrategy.ConnectNextHost, d.ReconnectStrategy);
        Assert.Equal(TimeSpan.FromSeconds(1690), d.TotalConnectionLifetime);
        Assert.Equal(TimeSpan.FromSeconds(600), d.EffectiveDispatcherProgressWatchdogTimeout);
    }

    [Fact]
    public void DefaultsWritten_ReadBackAsTheDefaults()
    {
        var table = new TomlTable();
        foreach (var option in EgressPathOptions.All.Where(o => o.DefaultWritten is not null))
        {
            table.Add(option.Name, option.DefaultWritten!);
        }

        var config = EgressPathConfig.Validate(table).Config!;

        Assert.Equal(EgressPathConfig.Default.ConnectionLimit, config.ConnectionLimit);
        Assert.Equal(EgressPathConfig.Default.ProhibitedHosts, config.ProhibitedHosts);
        Assert.Equal(EgressPathConfig.Default.TotalConnectionLifetime, config.TotalConnectionLifetime);
        Assert.Equal(EgressPathConfig.Default.RememberBrokenTls, config.RememberBrokenTls);
    }

    [Fact]
    public void Validate_FromObjects_AsALuaPolicyReturnsThem()
    {
        var values = new Dictionary<string, object?>
        {
            ["connection_limit"] = 5L,
            ["max_message_rate"] = "100/s",
            ["idle_timeout"] = 30.0,
            ["enable_tls"] = "Required",
            ["additional_connection_limits"] = new Dictionary<string, object?> { ["shared"] = 10 },
            ["prohibited_hosts"] = new Dictionary<object, object?> { [1L] = "10.0.0.0/8", [2L] = "::1" },
        };

        var validation = EgressPathConfig.Validate(values, "init.lua:get_egress_path_config");

        Assert.True(validation.IsValid, string.Join("\n", validation.Diagnostics));
        var config = validation.Config!;
        Assert.Equal((5L, 100L, 30.0, TlsMode.Required), (config.ConnectionLimit.Limit, config.MaxMessageRate!.Limit, config.IdleTimeout.TotalSeconds, config.EnableTls));
        Assert.Equal(new LimitSpec(10), config.AdditionalConnectionLimits["shared"]);
        Assert.Equal(2, config.ProhibitedHosts.Count);
    }

    [Fact]
    public void Validate_FromObjects_ListsEveryBadKey()
    {
        var values = new Dictionary<string, object?>
        {
            ["connection_limit"] = "many",
            ["max_mesage_rate"] = "100/s",
            ["smtp_port"] = null,
        };

        var validation = EgressPathConfig.Validate(values, "init.lua:get_egress_path_config");

        Assert.False(validation.IsValid);
        Assert.Equal(
        [
            "init.lua:get_egress_path_config: smtp_port: a value is required here (found nil/null)",
        ], validation.Errors.Select(e => e.ToString()));
        var again = EgressPathConfig.Validate(values.Where(kv => kv.Value is not null).ToDictionary(), "init.lua:get_egress_path_config");
        Assert.Equal(
        [
            "init.lua:get_egress_path_config: connection_limit: invalid limit \"many\": expected an integer, optionally prefixed by local:",
            "init.lua:get_egress_path_config: max_mesage_rate: unknown egress path option \"max_mesage_rate\" (did you mean \"max_message_rate\"?)",
        ], again.Errors.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("\"2 hours\"", 7200)]
    [InlineData("\"90m\"", 5400)]
    [InlineData("\"3 days\"", 259200)]
    [InlineData("\"1h 30m\"", 5400)]
    [InlineData("45", 45)]
    [InlineData("1.5", 1.5)]
    public void Durations_AcceptHumanTextAndSeconds(string written, double seconds)
    {
        var config = EgressPathConfig.Validate(TomlParser.Parse("idle_timeout = " + written).Root).Config!;

        Assert.Equal(TimeSpan.FromSeconds(seconds), config.IdleTimeout);
    }

    [Theory]
    [InlineData("\"100/s\"", "100/s")]
    [InlineData("\"10,000/h\"", "10000/h")]
    [InlineData("\"20/30minute\"", "20/1800s")]
    [InlineData("\"1/minutes\"", "1/m")]
    [InlineData("\"local:5/m,max_burst=1\"", "local:5/m,max_burst=1")]
    public void Rates_HaveACanonicalForm(string written, string canonical)
    {
        var config = EgressPathConfig.Validate(TomlParser.Parse("max_message_rate = " + written).Root).Config!;

        Assert.Equal(canonical, config.MaxMessageRate!.ToString());
    }

    [Theory]
    [InlineData("result_overrides = [ { regex = \"(\", result = \"Permanent\" } ]", "result_overrides[0].regex", "is not a valid regex")]
    [InlineData("result_overrides = [ { regex = \"x\", result = \"Maybe\" } ]", "result_overrides[0].result", "Maybe")]
    [InlineData("result_overrides = [ { regex = \"x\" } ]", "result_overrides[0]", "expected {regex=")]
    [InlineData("result_overrides = \"x\"", "result_overrides", "expected a list of {regex=")]
    public void ResultOverrides_ThatDoNotCheck_NameTheEntry(string toml, string keyPath, string message)
    {
        var validation = EgressPathConfig.Validate(TomlParser.Parse(toml, "o.toml").Root);

        Assert.False(validation.IsValid);
        var error = Assert.Single(validation.Errors);
        Assert.Equal(keyPath, error.KeyPath);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void ResultOverrides_MatchTheSingleLineReply_FirstEntryWins()
    {
        var config = EgressPathConfig.Validate(TomlParser.Parse("""
            result_overrides = [
              { regex = "^452 4\\.2\\.2 .*over quota", result = "Permanent" },
              { regex = "^452", result = "Transient" },
            ]
            """, "o.toml").Root).Config!;

        var first = config.ResultOverrides.First(o => o.Matches("452 4.2.2 mailbox over quota"));
        Assert.Equal(OverrideResult.Permanent, first.Result);
        Assert.Equal(OverrideResult.Transient, config.ResultOverrides.First(o => o.Matches("452 4.3.1 try later")).Result);
    }

    [Theory]
    [InlineData("throttle_program = { max_deferral_rate = 30, backoff_max_concurrent_connections = 2, return_after = \"1h\" }", "throttle_program.trigger_required_attempts", "required")]
    [InlineData("throttle_program = { trigger_required_attempts = 10, backoff_max_concurrent_connections = 2, return_after = \"1h\" }", "throttle_program", "needs max_deferral_rate or max_failure_rate")]
    [InlineData("throttle_program = { trigger_required_attempts = 10, max_failure_rate = 130, backoff_max_concurrent_connections = 2, return_after = \"1h\" }", "throttle_program.max_failure_rate", "out of range")]
    [InlineData("throttle_program = { trigger_required_attempts = 10, max_failure_rate = 10, return_after = \"1h\" }", "throttle_program", "needs backoff_max_concurrent_connections or backoff_max_messages_per_hour")]
    [InlineData("throttle_program = { trigger_required_attempts = 10, max_failure_rate = 10, backoff_max_messages_per_hour = 5, return_after = \"1h\", colour = 1 }", "throttle_program.colour", "unknown throttle program key")]
    public void ThrottlePrograms_ThatDoNotCheck_NameTheKey(string toml, string keyPath, string message)
    {
        var validation = EgressPathConfig.Validate(TomlParser.Parse(toml, "t.toml").Root);

        Assert.False(validation.IsValid);
        var error = Assert.Single(validation.Errors);
        Assert.Equal(keyPath, error.KeyPath);
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData(9, 9, 0, false)]   // not enough attempts yet
    [InlineData(10, 3, 0, false)]  // 30 % is not over 30 %
    [InlineData(10, 4, 0, true)]   // 40 % deferred
    [InlineData(10, 0, 2, true)]   // 20 % failed, over 10 %
    public void ThrottleProgram_TriggersOverItsRates(int attempts, int deferred, int failed, bool expected)
    {
        var program = new ThrottleProgram(10, MaxDeferralRate: 30, MaxFailureRate: 10, 2, null, TimeSpan.FromHours(1));
        Assert.Equal(expected, program.IsTriggered(attempts, deferred, failed));
    }
}
