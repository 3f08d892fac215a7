using Akka.Mta.Core.Throttling;
using Akka.Mta.Shaping.Diagnostics;
using Akka.Mta.Shaping.Input;
using Akka.Mta.Shaping.Model;
using Akka.Mta.Toml;

namespace Akka.Mta.Shaping.Options;

public sealed partial record EgressPathConfig
{
    /// <summary>
    /// Checks option values given as .NET objects (strings, integers, floats, booleans, lists and
    /// string-keyed dictionaries, as a Lua policy returns them) and builds the configuration.
    /// Errors name <paramref name="origin"/> and the key: <c>init.lua:get_egress_path_config: connection_limit: ...</c>.
    /// </summary>
    public static ConfigValidation<EgressPathConfig> Validate(IReadOnlyDictionary<string, object?> values, string origin)
    {
        var diagnostics = new DiagnosticBag();
        var table = ClrToToml.ConvertTable(values, origin, diagnostics);
        return diagnostics.HasErrors ? new(null, diagnostics.All) : Validate(table);
    }

    /// <summary>Checks a table of option values (as a TOML or JSON file holds them) and builds the configuration.</summary>
    public static ConfigValidation<EgressPathConfig> Validate(TomlTable values)
    {
        var diagnostics = new DiagnosticBag();
        var table = ParamReader.ReadAll(values, EgressPathOptions.ByName, "", diagnostics, "egress path option");
        return diagnostics.HasErrors ? new(null, diagnostics.All) : new(FromParams(table), diagnostics.All);
    }

    /// <summary>
    /// This configuration with <paramref name="overrides"/> checked and applied on top (automation's
    /// SetConfig, an operator's temporary change): options not named keep this configuration's values.
    /// </summary>
    public ConfigValidation<EgressPathConfig> WithOverrides(TomlTable overrides)
    {
        var diagnostics = new DiagnosticBag();
        var table = ParamReader.ReadAll(overrides, EgressPathOptions.ByName, "", diagnostics, "egress path option");
        return diagnostics.HasErrors ? new(null, diagnostics.All) : new(FromParams(table, this), diagnostics.All);
    }

    /// <summary>The configuration of checked values; options not in <paramref name="parameters"/> keep those of <paramref name="baseline"/> (default: the defaults).</summary>
    internal static EgressPathConfig FromParams(ParamTable parameters, EgressPathConfig? baseline = null)
    {
        var d = baseline ?? Default;
        if (parameters.Count == 0)
        {
            return d;
        }
        var p = Slots.Of(parameters);
        return new EgressPathConfig
        {
            ConnectionLimit = Get(p, "connection_limit", d.ConnectionLimit),
            AdditionalConnectionLimits = Map(p, EgressPathOptions.AdditionalConnectionLimits, d.AdditionalConnectionLimits),
            EnableTls = Get(p, "enable_tls", d.EnableTls),
            EnableMtaSts = Get(p, "enable_mta_sts", d.EnableMtaSts),
            EnableDane = Get(p, "enable_dane", d.EnableDane),
            EnablePipelining = Get(p, "enable_pipelining", d.EnablePipelining),
            EnableRset = Get(p, "enable_rset", d.EnableRset),
            TlsPreferOpenssl = Get(p, "tls_prefer_openssl", d.TlsPreferOpenssl),
            TlsCertificate = Get(p, "tls_certificate", d.TlsCertificate),
            TlsPrivateKey = Get(p, "tls_private_key", d.TlsPrivateKey),
            OpensslCipherList = Get(p, "openssl_cipher_list", d.OpensslCipherList),
            OpensslCipherSuites = Get(p, "openssl_cipher_suites", d.OpensslCipherSuites),
            OpensslOptions = Get(p, "openssl_options", d.OpensslOptions),
            RustlsCipherSuites = Get(p, "rustls_cipher_suites", d.RustlsCipherSuites),
            ConnectTimeout = Get(p, "connect_timeout", d.ConnectTimeout),
            BannerTimeout = Get(p, "banner_timeout", d.BannerTimeout),
            EhloTimeout = Get(p, "ehlo_timeout", d.EhloTimeout),
            AuthTimeout = Get(p, "auth_timeout", d.AuthTimeout),
            MailFromTimeout = Get(p, "mail_from_timeout", d.MailFromTimeout),
            RcptToTimeout = Get(p, "rcpt_to_timeout", d.RcptToTimeout),
            DataTimeout = Get(p, "data_timeout", d.DataTimeout),
            DataDotTimeout = Get(p, "data_dot_timeout", d.DataDotTimeout),
            RsetTimeout = Get(p, "rset_timeout", d.RsetTimeout),
            IdleTimeout = Get(p, "idle_timeout", d.IdleTimeout),
            StarttlsTimeout = Get(p, "starttls_timeout", d.StarttlsTimeout),
            SystemShutdownTimeout = Get(p, "system_shutdown_timeout", d.SystemShutdownTimeout),
            MaxReady = Int(p, "max_ready", d.MaxReady),
            ConsecutiveConnectionFailuresBeforeDelay = Int(p, "consecutive_connection_failures_before_delay", d.ConsecutiveConnectionFailuresBeforeDelay),
            SmtpPort = Int(p, "smtp_port", d.SmtpPort),
            SmtpAuthPlainUsername = Get(p, "smtp_auth_plain_username", d.SmtpAuthPlainUsername),
            SmtpAuthPlainPassword = Get(p, "smtp_auth_plain_password", d.SmtpAuthPlainPassword),
            AllowSmtpAuthPlainWithoutTls = Get(p, "allow_smtp_auth_plain_without_tls", d.AllowSmtpAuthPlainWithoutTls),
            AllowSmtpAuthPlainWithoutValidCertificate = Get(p, "allow_smtp_auth_plain_without_valid_certificate", d.AllowSmtpAuthPlainWithoutValidCertificate),
            MaxMessageRate = Get(p, "max_message_rate", d.MaxMessageRate),
            AdditionalMessageRateThrottles = Map(p, EgressPathOptions.AdditionalMessageRateThrottles, d.AdditionalMessageRateThrottles),
            SourceSelectionRate = Get(p, "source_selection_rate", d.SourceSelectionRate),
            AdditionalSourceSelectionRates = Map(p, EgressPathOptions.AdditionalSourceSelectionRates, d.AdditionalSourceSelectionRates),
            MaxConnectionRate = Get(p, "max_connection_rate", d.MaxConnectionRate),
            MaxDeliveriesPerConnection = Int(p, "max_deliveries_per_connection", d.MaxDeliveriesPerConnection),
            MaxRecipientsPerBatch = Int(p, "max_recipients_per_batch", d.MaxRecipientsPerBatch),
            ProhibitedHosts = Get(p, "prohibited_hosts", d.ProhibitedHosts),
            SkipHosts = Get(p, "skip_hosts", d.SkipHosts),
            IpLookupStrategy = Get(p, "ip_lookup_strategy", d.IpLookupStrategy),
            EhloDomain = Get(p, "ehlo_domain", d.EhloDomain),
            AggressiveConnectionOpening = Get(p, "aggressive_connection_opening", d.AggressiveConnectionOpening),
            RefreshInterval = Get(p, "refresh_interval", d.RefreshInterval),
            RefreshStrategy = Get(p, "refresh_strategy", d.RefreshStrategy),
            DispatcherWakeupStrategy = Get(p, "dispatcher_wakeup_strategy", d.DispatcherWakeupStrategy),
            MaintainerWakeupStrategy = Get(p, "maintainer_wakeup_strategy", d.MaintainerWakeupStrategy),
            ProviderName = Get(p, EgressPathOptions.ProviderName, d.ProviderName),
            RememberBrokenTls = Get(p, "remember_broken_tls", d.RememberBrokenTls),
            OpportunisticTlsReconnectOnFailedHandshake = Get(p, "opportunistic_tls_reconnect_on_failed_handshake", d.OpportunisticTlsReconnectOnFailedHandshake),
            UseLmtp = Get(p, "use_lmtp", d.UseLmtp),
            ReconnectStrategy = Get(p, "reconnect_strategy", d.ReconnectStrategy),
            ReadyqPoolName = Get(p, "readyq_pool_name", d.ReadyqPoolName),
            LowMemoryReductionPolicy = Get(p, "low_memory_reduction_policy", d.LowMemoryReductionPolicy),
            NoMemoryReductionPolicy = Get(p, "no_memory_reduction_policy", d.NoMemoryReductionPolicy),
            TryNextHostOnTransportError = Get(p, "try_next_host_on_transport_error", d.TryNextHostOnTransportError),
            Ignore8BitChecks = Get(p, "ignore_8bit_checks", d.Ignore8BitChecks),
            ResultOverrides = Get(p, "result_overrides", d.ResultOverrides),
            ThrottleProgram = Get(p, "throttle_program", d.ThrottleProgram),
            DispatcherProgressWatchdogTimeout = Get(p, "dispatcher_progress_watchdog_timeout", d.DispatcherProgressWatchdogTimeout),
        };
    }

    private static T Get<T>(Slots p, string name, T fallback) =>
        p[name] is ScalarParam scalar ? (T)scalar.Typed : fallback;

    private static int Int(Slots p, string name, int fallback) =>
        p[name] is ScalarParam scalar ? checked((int)(long)scalar.Typed) : fallback;

    private static IReadOnlyDictionary<string, T> Map<T>(Slots p, string name, IReadOnlyDictionary<string, T> fallback) =>
        p[name] is MapParam map ? map.ToTyped<T>() : fallback;

    /// <summary>
    /// The values of a table by schema position: one pass over the (few) values set, then one
    /// frozen-dictionary lookup per option, instead of a scan of the table per option.
    /// </summary>
    private readonly struct Slots(ParamValue?[] values)
    {
        public static Slots Of(ParamTable parameters)
        {
            var values = new ParamValue?[EgressPathOptions.All.Count];
            foreach (var (name, value) in parameters)
            {
                if (EgressPathOptions.IndexOf(name) is var at && at >= 0)
                {
                    values[at] = value;
                }
            }
            return new Slots(values);
        }

        public ParamValue? this[string name] => values[EgressPathOptions.IndexOf(name)];
    }
}

/// <summary>The outcome of checking configuration values: the typed configuration, or the errors naming each bad key.</summary>
public sealed record ConfigValidation<T>(T? Config, IReadOnlyList<ShapingDiagnostic> Diagnostics)
    where T : class
{
    public bool IsValid => Config is not null;

    public IEnumerable<ShapingDiagnostic> Errors => Diagnostics.Where(d => d.IsError);
}
