namespace Akka.Mta.Shaping.Options;

/// <summary><c>enable_tls</c>: whether and how STARTTLS is used.</summary>
public enum TlsMode
{
    /// <summary>Use it when offered; an invalid certificate fails the delivery.</summary>
    Opportunistic,

    /// <summary>Use it when offered and accept any certificate.</summary>
    OpportunisticInsecure,

    /// <summary>TLS with a valid certificate is required.</summary>
    Required,

    /// <summary>TLS is required, any certificate accepted.</summary>
    RequiredInsecure,

    /// <summary>Never use TLS.</summary>
    Disabled,
}

/// <summary><c>ip_lookup_strategy</c>: which address families of an MX host are tried, in which order.</summary>
public enum IpLookupStrategy
{
    Ipv4Only,
    Ipv6Only,
    Ipv4AndIpv6,
    Ipv6ThenIpv4,
    Ipv4ThenIpv6,
}

/// <summary><c>refresh_strategy</c>: re-read the configuration on a timer, or when the config epoch changes.</summary>
public enum ConfigRefreshStrategy
{
    Ttl,
    Epoch,
}

/// <summary><c>dispatcher_wakeup_strategy</c> / <c>maintainer_wakeup_strategy</c>.</summary>
public enum WakeupStrategy
{
    Aggressive,
    Relaxed,
}

/// <summary><c>reconnect_strategy</c>: what to do after a 421, an I/O error or a timeout.</summary>
public enum ReconnectStrategy
{
    TerminateSession,
    ReconnectSameHost,
    ConnectNextHost,
}

/// <summary><c>low_memory_reduction_policy</c> / <c>no_memory_reduction_policy</c> and queue shrink policies.</summary>
public enum MemoryReductionPolicy
{
    ShrinkDataAndMeta,
    ShrinkData,
    NoShrink,
}
