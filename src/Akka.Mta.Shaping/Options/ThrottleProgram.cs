using Akka.Mta.Shaping.Diagnostics;
using Akka.Mta.Toml;

namespace Akka.Mta.Shaping.Options;

/// <summary>
/// A throttle program (GreenArrow's): when, over the path's last <see cref="TriggerRequiredAttempts"/>
/// delivery attempts, the share of deferrals exceeds <see cref="MaxDeferralRate"/> percent or the
/// share of failures exceeds <see cref="MaxFailureRate"/> percent, the path backs off to at most
/// <see cref="BackoffMaxConcurrentConnections"/> connections and
/// <see cref="BackoffMaxMessagesPerHour"/> messages per hour for <see cref="ReturnAfter"/>.
/// </summary>
public sealed record ThrottleProgram(
    int TriggerRequiredAttempts,
    int? MaxDeferralRate,
    int? MaxFailureRate,
    int? BackoffMaxConcurrentConnections,
    int? BackoffMaxMessagesPerHour,
    TimeSpan ReturnAfter)
{
    /// <summary>True when the outcomes (deferred, failed among <paramref name="attempts"/>) call for the backoff.</summary>
    public bool IsTriggered(int attempts, int deferred, int failed) =>
        attempts >= TriggerRequiredAttempts
        && ((MaxDeferralRate is { } deferral && deferred * 100 > deferral * attempts)
            || (MaxFailureRate is { } failure && failed * 100 > failure * attempts));
}

/// <summary>
/// <c>{trigger_required_attempts=N, max_deferral_rate=P, max_failure_rate=P,
/// backoff_max_concurrent_connections=N, backoff_max_messages_per_hour=N, return_after="1h"}</c>: at
/// least one rate and one backoff limit; rates are percentages from 0 to 100.
/// </summary>
public sealed class ThrottleProgramOptionType : OptionType
{
    private static readonly string[] Keys =
    [
        "trigger_required_attempts", "max_deferral_rate", "max_failure_rate",
        "backoff_max_concurrent_connections", "backoff_max_messages_per_hour", "return_after",
    ];

    private static readonly IntegerOptionType Percent = new(0, 100);

    public static readonly ThrottleProgramOptionType Instance = new();

    public override string Expected =>
        "{trigger_required_attempts=N, max_deferral_rate=percent and/or max_failure_rate=percent, backoff_max_concurrent_connections=N and/or backoff_max_messages_per_hour=N, return_after=\"<duration>\"}";

    public override object? Read(TomlNode node, string keyPath, DiagnosticBag diagnostics)
    {
        if (node is not TomlTable table)
        {
            return Mismatch(node, keyPath, diagnostics);
        }
        var ok = true;
        foreach (var entry in table.Where(e => !Keys.Contains(e.Key, StringComparer.Ordinal)))
        {
            diagnostics.Error(entry.KeyPosition, KeyPath.Child(keyPath, entry.Key), $"unknown throttle program key \"{entry.Key}\" (expected one of {string.Join(", ", Keys)})");
            ok = false;
        }
        long? Number(string key, OptionType type, bool required = false)
        {
            if (!table.TryGetValue(key, out var value))
            {
                if (required)
                {
                    diagnostics.Error(node.Position, KeyPath.Child(keyPath, key), "required");
                    ok = false;
                }
                return null;
            }
            var read = type.Read(value, KeyPath.Child(keyPath, key), diagnostics);
            ok &= read is not null;
            return read as long?;
        }
        var attempts = Number("trigger_required_attempts", IntegerOptionType.Positive, required: true);
        var deferral = Number("max_deferral_rate", Percent);
        var failure = Number("max_failure_rate", Percent);
        var connections = Number("backoff_max_concurrent_connections", IntegerOptionType.Positive);
        var perHour = Number("backoff_max_messages_per_hour", IntegerOptionType.Positive);
        TimeSpan? returnAfter = null;
        if (table.TryGetValue("return_after", out var duration))
        {
            returnAfter = DurationOptionType.Instance.Read(duration, KeyPath.Child(keyPath, "return_after"), diagnostics) as TimeSpan?;
            ok &= returnAfter is not null;
        }
        else
        {
            diagnostics.Error(node.Position, KeyPath.Child(keyPath, "return_after"), "required");
            ok = false;
        }
        if (ok && deferral is null && failure is null)
        {
            diagnostics.Error(node.Position, keyPath, "needs max_deferral_rate or max_failure_rate");
            ok = false;
        }
        if (ok && connections is null && perHour is null)
        {
            diagnostics.Error(node.Position, keyPath, "needs backoff_max_concurrent_connections or backoff_max_messages_per_hour");
            ok = false;
        }
        return ok
            ? new ThrottleProgram((int)attempts!.Value, (int?)deferral, (int?)failure, (int?)connections, (int?)perHour, returnAfter!.Value)
            : null;
    }

    public override TomlNode Write(object value)
    {
        var program = (ThrottleProgram)value;
        var table = new TomlTable(TomlTableKind.Inline) { { "trigger_required_attempts", new TomlInteger(program.TriggerRequiredAttempts) } };
        void Optional(string key, int? number)
        {
            if (number is { } n)
            {
                table.Add(key, new TomlInteger(n));
            }
        }
        Optional("max_deferral_rate", program.MaxDeferralRate);
        Optional("max_failure_rate", program.MaxFailureRate);
        Optional("backoff_max_concurrent_connections", program.BackoffMaxConcurrentConnections);
        Optional("backoff_max_messages_per_hour", program.BackoffMaxMessagesPerHour);
        table.Add("return_after", DurationOptionType.Instance.Write(program.ReturnAfter));
        return table;
    }
}
