using System.Net;
using Akka.Mta.Core.Throttling;

namespace Akka.Mta.Shaping.Options;

/// <summary>
/// The checked configuration of one egress path (egress source -> site): every option of
/// KumoMTA's <c>make_egress_path</c> with its type and default. Build one from written values with
/// <see cref="Validate(IReadOnlyDictionary{string, object?}, string)"/> or take it from an
/// effective configuration. The option names are listed in <see cref="EgressPathOptions"/>.
/// </summary>
public sealed partial record EgressPathConfig
{
    /// <summary>The hosts never connected to unless configured otherwise (declared before <see cref="Default"/>, which uses it).</summary>
    internal static readonly IReadOnlyList<IPNetwork> DefaultProhibitedHosts =
    [
        IPNetwork.Parse("127.0.0.0/8"),
        new(IPAddress.IPv6Loopback, 128),
        new(IPAddress.Any, 32),
        new(IPAddress.IPv6Any, 128),
    ];

    /// <summary>Every option at its default.</summary>
    public static readonly EgressPathConfig Default = new();

    public LimitSpec ConnectionLimit { get; init; } = new(32);
    public IReadOnlyDictionary<string, LimitSpec> AdditionalConnectionLimits { get; init; } = Empty<LimitSpec>();
    public TlsMode EnableTls { get; init; } = TlsMode.Opportunistic;
    public bool EnableMtaSts { get; init; } = true;
    public bool EnableDane { get; init; }
    public bool EnablePipelining { get; init; } = true;
    public bool EnableRset { get; init; } = true;
    public bool TlsPreferOpenssl { get; init; }
    public KeySource? TlsCertificate { get; init; }
    public KeySource? TlsPrivateKey { get; init; }
    public string? OpensslCipherList { get; init; }
    public string? OpensslCipherSuites { get; init; }
    public string? OpensslOptions { get; init; }
    public IReadOnlyList<string> RustlsCipherSuites { get; init; } = [];

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan BannerTimeout { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan EhloTimeout { get; init; } = TimeSpan.FromSeconds(300);
    public TimeSpan AuthTimeout { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan MailFromTimeout { get; init; } = TimeSpan.FromSeconds(300);
    public TimeSpan RcptToTimeout { get; init; } = TimeSpan.FromSeconds(300);
    public TimeSpan DataTimeout { get; init; } = TimeSpan.FromSeconds(300);
    public TimeSpan DataDotTimeout { get; init; } = TimeSpan.FromSeconds(300);
    public TimeSpan RsetTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an idle connection waits for more work before it closes.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan StarttlsTimeout { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan? SystemShutdownTimeout { get; init; }

    /// <summary>Capacity of the ready queue.</summary>
    public int MaxReady { get; init; } = 1024;

    /// <summary>Times the whole MX list may be exhausted in a row before every ready message is delayed.</summary>
    public int ConsecutiveConnectionFailuresBeforeDelay { get; init; } = 100;
    public int SmtpPort { get; init; } = 25;
    public string? SmtpAuthPlainUsername { get; init; }
    public KeySource? SmtpAuthPlainPassword { get; init; }
    public bool AllowSmtpAuthPlainWithoutTls { get; init; }
    public bool AllowSmtpAuthPlainWithoutValidCertificate { get; init; }

    /// <summary>Messages per period on this path (per ready queue).</summary>
    public ThrottleSpec? MaxMessageRate { get; init; }
    public IReadOnlyDictionary<string, ThrottleSpec> AdditionalMessageRateThrottles { get; init; } = Empty<ThrottleSpec>();

    /// <summary>How often this source may be chosen for this path.</summary>
    public ThrottleSpec? SourceSelectionRate { get; init; }
    public IReadOnlyDictionary<string, ThrottleSpec> AdditionalSourceSelectionRates { get; init; } = Empty<ThrottleSpec>();

    /// <summary>New connections per period.</summary>
    public ThrottleSpec? MaxConnectionRate { get; init; }
    public int MaxDeliveriesPerConnection { get; init; } = 1024;
    public int MaxRecipientsPerBatch { get; init; } = 100;
    public IReadOnlyList<IPNetwork> ProhibitedHosts { get; init; } = DefaultProhibitedHosts;
    public IReadOnlyList<IPNetwork> SkipHosts { get; init; } = [];
    public IpLookupStrategy IpLookupStrategy { get; init; } = IpLookupStrategy.Ipv4AndIpv6;

    /// <summary>The EHLO name; null: the egress source's, or the host name.</summary>
    public string? EhloDomain { get; init; }
    public bool AggressiveConnectionOpening { get; init; }

    /// <summary>How long the path keeps this configuration before asking for it again.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(60);
    public ConfigRefreshStrategy RefreshStrategy { get; init; } = ConfigRefreshStrategy.Ttl;
    public WakeupStrategy DispatcherWakeupStrategy { get; init; } = WakeupStrategy.Aggressive;
    public WakeupStrategy MaintainerWakeupStrategy { get; init; } = WakeupStrategy.Aggressive;

    /// <summary>The provider the path belongs to, for metrics rollups (set by matching provider blocks).</summary>
    public string? ProviderName { get; init; }

    /// <summary>How long to remember that a site's TLS is broken (and deliver without STARTTLS); null: never.</summary>
    public TimeSpan? RememberBrokenTls { get; init; }
    public bool OpportunisticTlsReconnectOnFailedHandshake { get; init; }
    public bool UseLmtp { get; init; }
    public ReconnectStrategy ReconnectStrategy { get; init; } = ReconnectStrategy.ConnectNextHost;
    public string? ReadyqPoolName { get; init; }
    public MemoryReductionPolicy LowMemoryReductionPolicy { get; init; } = MemoryReductionPolicy.ShrinkDataAndMeta;
    public MemoryReductionPolicy NoMemoryReductionPolicy { get; init; } = MemoryReductionPolicy.ShrinkDataAndMeta;
    public bool TryNextHostOnTransportError { get; init; }
    public bool Ignore8BitChecks { get; init; }

    /// <summary>Replies that count as something other than their code says (not a KumoMTA option; GreenArrow has it).</summary>
    public IReadOnlyList<ResultOverride> ResultOverrides { get; init; } = [];

    /// <summary>Backs the path off when too many recent attempts were deferred or failed (GreenArrow's throttle programs).</summary>
    public ThrottleProgram? ThrottleProgram { get; init; }

    /// <summary>The watchdog as configured; <see cref="EffectiveDispatcherProgressWatchdogTimeout"/> gives the derived default.</summary>
    public TimeSpan? DispatcherProgressWatchdogTimeout { get; init; }

    /// <summary>
    /// How long one connection may live at most: the sum of the connect, banner, EHLO, AUTH, MAIL FROM,
    /// RCPT TO, DATA, final dot, STARTTLS and idle timeouts (1690 s with the defaults). Connection-limit
    /// leases last this long.
    /// </summary>
    public TimeSpan TotalConnectionLifetime =>
        ConnectTimeout + BannerTimeout + EhloTimeout + AuthTimeout + MailFromTimeout + RcptToTimeout
        + DataTimeout + DataDotTimeout + StarttlsTimeout + IdleTimeout;

    /// <summary>The configured watchdog, or for SMTP <c>max(2 x max(MAIL FROM, RCPT TO, DATA, dot timeouts), 60 s)</c>.</summary>
    public TimeSpan EffectiveDispatcherProgressWatchdogTimeout =>
        DispatcherProgressWatchdogTimeout
        ?? TimeSpan.FromTicks(Math.Max(
            2 * new[] { MailFromTimeout, RcptToTimeout, DataTimeout, DataDotTimeout }.Max().Ticks,
            TimeSpan.FromSeconds(60).Ticks));

    private static IReadOnlyDictionary<string, T> Empty<T>() => new OrderedDictionary<string, T>(StringComparer.Ordinal);
}
