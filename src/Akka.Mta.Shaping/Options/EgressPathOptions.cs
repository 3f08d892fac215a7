using System.Collections.Frozen;

namespace Akka.Mta.Shaping.Options;

/// <summary>
/// The option schema of <see cref="EgressPathConfig"/> (KumoMTA's <c>make_egress_path</c>): every
/// option name, its type and its default, in the order of the reference table.
/// </summary>
public static class EgressPathOptions
{
    /// <summary>The rustls cipher suite names <c>rustls_cipher_suites</c> accepts.</summary>
    public static readonly IReadOnlyList<string> RustlsCipherSuiteNames =
    [
        "TLS13_AES_256_GCM_SHA384", "TLS13_AES_128_GCM_SHA256", "TLS13_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    ];

    public const string AdditionalConnectionLimits = "additional_connection_limits";
    public const string AdditionalMessageRateThrottles = "additional_message_rate_throttles";
    public const string AdditionalSourceSelectionRates = "additional_source_selection_rates";
    public const string ProviderName = "provider_name";

    private static readonly EgressPathConfig D = EgressPathConfig.Default;

    /// <summary>Every option, in reference order.</summary>
    public static readonly IReadOnlyList<OptionDefinition> All =
    [
        Define("connection_limit", LimitOptionType.Instance, D.ConnectionLimit),
        Define(AdditionalConnectionLimits, new MapOptionType(LimitOptionType.Instance), new OrderedDictionary<string, object>()),
        Define("enable_tls", EnumOptionType<TlsMode>.Instance, D.EnableTls),
        Define("enable_mta_sts", BoolOptionType.Instance, D.EnableMtaSts),
        Define("enable_dane", BoolOptionType.Instance, D.EnableDane),
        Define("enable_pipelining", BoolOptionType.Instance, D.EnablePipelining),
        Define("enable_rset", BoolOptionType.Instance, D.EnableRset),
        Define("tls_prefer_openssl", BoolOptionType.Instance, D.TlsPreferOpenssl),
        Define("tls_certificate", KeySourceOptionType.Instance, null),
        Define("tls_private_key", KeySourceOptionType.Instance, null),
        Define("openssl_cipher_list", StringOptionType.NonEmpty, null),
        Define("openssl_cipher_suites", StringOptionType.NonEmpty, null),
        Define("openssl_options", OpensslOptionsType.Instance, null),
        Define("rustls_cipher_suites", new NameListOptionType("rustls cipher suites", RustlsCipherSuiteNames), D.RustlsCipherSuites),
        Define("connect_timeout", DurationOptionType.Instance, D.ConnectTimeout),
        Define("banner_timeout", DurationOptionType.Instance, D.BannerTimeout),
        Define("ehlo_timeout", DurationOptionType.Instance, D.EhloTimeout),
        Define("auth_timeout", DurationOptionType.Instance, D.AuthTimeout),
        Define("mail_from_timeout", DurationOptionType.Instance, D.MailFromTimeout),
        Define("rcpt_to_timeout", DurationOptionType.Instance, D.RcptToTimeout),
        Define("data_timeout", DurationOptionType.Instance, D.DataTimeout),
        Define("data_dot_timeout", DurationOptionType.Instance, D.DataDotTimeout),
        Define("rset_timeout", DurationOptionType.Instance, D.RsetTimeout),
        Define("idle_timeout", DurationOptionType.Instance, D.IdleTimeout),
        Define("starttls_timeout", DurationOptionType.Instance, D.StarttlsTimeout),
        Define("system_shutdown_timeout", DurationOptionType.Instance, null),
        Define("max_ready", IntegerOptionType.Positive, (long)D.MaxReady),
        Define("consecutive_connection_failures_before_delay", IntegerOptionType.Count, (long)D.ConsecutiveConnectionFailuresBeforeDelay),
        Define("smtp_port", IntegerOptionType.Port, (long)D.SmtpPort),
        Define("smtp_auth_plain_username", StringOptionType.NonEmpty, null),
        Define("smtp_auth_plain_password", KeySourceOptionType.Instance, null),
        Define("allow_smtp_auth_plain_without_tls", BoolOptionType.Instance, D.AllowSmtpAuthPlainWithoutTls),
        Define("allow_smtp_auth_plain_without_valid_certificate", BoolOptionType.Instance, D.AllowSmtpAuthPlainWithoutValidCertificate),
        Define("max_message_rate", ThrottleOptionType.Instance, null),
        Define(AdditionalMessageRateThrottles, new MapOptionType(ThrottleOptionType.Instance), new OrderedDictionary<string, object>()),
        Define("source_selection_rate", ThrottleOptionType.Instance, null),
        Define(AdditionalSourceSelectionRates, new MapOptionType(ThrottleOptionType.Instance), new OrderedDictionary<string, object>()),
        Define("max_connection_rate", ThrottleOptionType.Instance, null),
        Define("max_deliveries_per_connection", IntegerOptionType.Positive, (long)D.MaxDeliveriesPerConnection),
        Define("max_recipients_per_batch", IntegerOptionType.Positive, (long)D.MaxRecipientsPerBatch),
        Define("prohibited_hosts", CidrListOptionType.Instance, D.ProhibitedHosts),
        Define("skip_hosts", CidrListOptionType.Instance, D.SkipHosts),
        Define("ip_lookup_strategy", EnumOptionType<IpLookupStrategy>.Instance, D.IpLookupStrategy),
        Define("ehlo_domain", StringOptionType.NonEmpty, null),
        Define("aggressive_connection_opening", BoolOptionType.Instance, D.AggressiveConnectionOpening),
        Define("refresh_interval", DurationOptionType.Instance, D.RefreshInterval),
        Define("refresh_strategy", EnumOptionType<ConfigRefreshStrategy>.Instance, D.RefreshStrategy),
        Define("dispatcher_wakeup_strategy", EnumOptionType<WakeupStrategy>.Instance, D.DispatcherWakeupStrategy),
        Define("maintainer_wakeup_strategy", EnumOptionType<WakeupStrategy>.Instance, D.MaintainerWakeupStrategy),
        Define(ProviderName, StringOptionType.NonEmpty, null),
        Define("remember_broken_tls", DurationOptionType.Instance, null),
        Define("opportunistic_tls_reconnect_on_failed_handshake", BoolOptionType.Instance, D.OpportunisticTlsReconnectOnFailedHandshake),
        Define("use_lmtp", BoolOptionType.Instance, D.UseLmtp),
        Define("reconnect_strategy", EnumOptionType<ReconnectStrategy>.Instance, D.ReconnectStrategy),
        Define("readyq_pool_name", StringOptionType.NonEmpty, null),
        Define("low_memory_reduction_policy", EnumOptionType<MemoryReductionPolicy>.Instance, D.LowMemoryReductionPolicy),
        Define("no_memory_reduction_policy", EnumOptionType<MemoryReductionPolicy>.Instance, D.NoMemoryReductionPolicy),
        Define("try_next_host_on_transport_error", BoolOptionType.Instance, D.TryNextHostOnTransportError),
        Define("ignore_8bit_checks", BoolOptionType.Instance, D.Ignore8BitChecks),
        Define("dispatcher_progress_watchdog_timeout", DurationOptionType.Instance, null),
        // Beyond KumoMTA (GreenArrow's result overrides): what matching replies count as.
        Define("result_overrides", ResultOverrideListOptionType.Instance, D.ResultOverrides),
        // Beyond KumoMTA (GreenArrow's throttle programs): back off on high deferral or failure rates.
        Define("throttle_program", ThrottleProgramOptionType.Instance, null),
    ];

    /// <summary>The options by name.</summary>
    public static readonly FrozenDictionary<string, OptionDefinition> ByName =
        All.ToFrozenDictionary(o => o.Name, StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, int> Positions =
        All.Select((o, i) => (o.Name, i)).ToFrozenDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);

    /// <summary>The position of an option in <see cref="All"/>, or -1.</summary>
    public static int IndexOf(string name) => Positions.TryGetValue(name, out var at) ? at : -1;

    /// <summary>The option of that name, or null.</summary>
    public static OptionDefinition? Find(string name) => ByName.GetValueOrDefault(name);

    private static OptionDefinition Define(string name, OptionType type, object? defaultValue) => new(name, type, defaultValue);
}
