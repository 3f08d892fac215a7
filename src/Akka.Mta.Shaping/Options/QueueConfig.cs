using Akka.Mta.Core.Throttling;
using Akka.Mta.Shaping.Diagnostics;
using Akka.Mta.Shaping.Input;
using Akka.Mta.Shaping.Model;
using Akka.Mta.Toml;

namespace Akka.Mta.Shaping.Options;

/// <summary>How a scheduled queue timer-wheels its messages (KumoMTA's <c>strategy</c>).</summary>
public enum QueueStrategy
{
    TimerWheel,
    SkipList,
    SingletonTimerWheel,
    SingletonTimerWheelV2,
}

/// <summary>
/// The checked configuration of one scheduled queue (KumoMTA's <c>make_queue_config</c>), as the
/// policy's <c>get_queue_config</c> returns it. Build one with
/// <see cref="Validate(IReadOnlyDictionary{string, object?}, string)"/>.
/// </summary>
public sealed record QueueConfig
{
    public static readonly QueueConfig Default = new();

    /// <summary>The base of the exponential retry backoff.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromMinutes(20);

    /// <summary>The cap of the backoff; null: none.</summary>
    public TimeSpan? MaxRetryInterval { get; init; }

    /// <summary>How long a message may stay queued before it expires.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromDays(7);

    /// <summary>The egress pool; null: pool "unspecified" holding source "unspecified".</summary>
    public string? EgressPool { get; init; }

    /// <summary>Promotion rate from this scheduled queue to the ready queue.</summary>
    public ThrottleSpec? MaxMessageRate { get; init; }
    public QueueProtocol Protocol { get; init; } = SmtpProtocol.Default;
    public TimeSpan ReapInterval { get; init; } = TimeSpan.FromMinutes(10);
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromMinutes(1);
    public TimeSpan? TimerwheelTickInterval { get; init; }
    public QueueStrategy Strategy { get; init; } = QueueStrategy.SingletonTimerWheel;
    public ConfigRefreshStrategy RefreshStrategy { get; init; } = ConfigRefreshStrategy.Ttl;
    public string? ProviderName { get; init; }
    public IReadOnlyList<ShrinkPolicyStep> ShrinkPolicy { get; init; } = [];

    /// <summary>
    /// The delay before retry <paramref name="attempt"/> (0-based count of attempts so far):
    /// <c>min(retry_interval x 2^attempt, max_retry_interval)</c>, saturating.
    /// </summary>
    public TimeSpan DelayForAttempt(int attempt)
    {
        var ticks = RetryInterval.Ticks;
        for (var i = 0; i < attempt && ticks < TimeSpan.MaxValue.Ticks / 2; i++)
        {
            ticks *= 2;
        }
        if (attempt > 0 && ticks >= TimeSpan.MaxValue.Ticks / 2)
        {
            ticks = TimeSpan.MaxValue.Ticks;
        }
        var delay = TimeSpan.FromTicks(ticks);
        return MaxRetryInterval is { } cap && cap < delay ? cap : delay;
    }

    /// <summary>Checks option values given as .NET objects (as a Lua policy returns them).</summary>
    public static ConfigValidation<QueueConfig> Validate(IReadOnlyDictionary<string, object?> values, string origin)
    {
        var diagnostics = new DiagnosticBag();
        var table = ClrToToml.ConvertTable(values, origin, diagnostics);
        return diagnostics.HasErrors ? new(null, diagnostics.All) : Validate(table);
    }

    /// <summary>Checks a table of option values and builds the configuration.</summary>
    public static ConfigValidation<QueueConfig> Validate(TomlTable values)
    {
        var diagnostics = new DiagnosticBag();
        var p = ParamReader.ReadAll(values, QueueOptions.ByName, "", diagnostics, "queue option");
        return diagnostics.HasErrors ? new(null, diagnostics.All) : new(FromParams(p), diagnostics.All);
    }

    internal static QueueConfig FromParams(ParamTable p)
    {
        var d = Default;
        return new QueueConfig
        {
            RetryInterval = Get(p, "retry_interval", d.RetryInterval),
            MaxRetryInterval = Get(p, "max_retry_interval", d.MaxRetryInterval),
            MaxAge = Get(p, "max_age", d.MaxAge),
            EgressPool = Get(p, "egress_pool", d.EgressPool),
            MaxMessageRate = Get(p, "max_message_rate", d.MaxMessageRate),
            Protocol = Get(p, "protocol", d.Protocol),
            ReapInterval = Get(p, "reap_interval", d.ReapInterval),
            RefreshInterval = Get(p, "refresh_interval", d.RefreshInterval),
            TimerwheelTickInterval = Get(p, "timerwheel_tick_interval", d.TimerwheelTickInterval),
            Strategy = Get(p, "strategy", d.Strategy),
            RefreshStrategy = Get(p, "refresh_strategy", d.RefreshStrategy),
            ProviderName = Get(p, "provider_name", d.ProviderName),
            ShrinkPolicy = Get(p, "shrink_policy", d.ShrinkPolicy),
        };
    }

    private static T Get<T>(ParamTable p, string name, T fallback) =>
        p.TryGetValue(name, out var value) && value is ScalarParam scalar ? (T)scalar.Typed : fallback;
}

/// <summary>The option schema of <see cref="QueueConfig"/>.</summary>
public static class QueueOptions
{
    private static readonly QueueConfig D = QueueConfig.Default;

    public static readonly IReadOnlyList<OptionDefinition> All =
    [
        new("retry_interval", DurationOptionType.Instance, D.RetryInterval),
        new("max_retry_interval", DurationOptionType.Instance, null),
        new("max_age", DurationOptionType.Instance, D.MaxAge),
        new("egress_pool", StringOptionType.NonEmpty, null),
        new("max_message_rate", ThrottleOptionType.Instance, null),
        new("protocol", QueueProtocolOptionType.Instance, D.Protocol),
        new("reap_interval", DurationOptionType.Instance, D.ReapInterval),
        new("refresh_interval", DurationOptionType.Instance, D.RefreshInterval),
        new("timerwheel_tick_interval", DurationOptionType.Instance, null),
        new("strategy", EnumOptionType<QueueStrategy>.Instance, D.Strategy),
        new("refresh_strategy", EnumOptionType<ConfigRefreshStrategy>.Instance, D.RefreshStrategy),
        new("provider_name", StringOptionType.NonEmpty, null),
        new("shrink_policy", ShrinkPolicyOptionType.Instance, D.ShrinkPolicy),
    ];

    public static readonly IReadOnlyDictionary<string, OptionDefinition> ByName =
        All.ToDictionary(o => o.Name, StringComparer.Ordinal);
}
