using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Mta.Toml;

namespace Akka.Mta.Tsa;

public sealed partial class TsaState
{
    /// <summary>The snapshot format written by <see cref="ToJson"/>; bumped when it changes incompatibly.</summary>
    public const int SnapshotVersion = 1;

    /// <summary>
    /// The state as JSON, for a journal or snapshot store: every effect (with its key and, for
    /// overrides, the option value as TOML text) and every threshold counter. The rules are not
    /// included; <see cref="FromJson"/> pairs the snapshot with the rules loaded at that time.
    /// </summary>
    public string ToJson() => JsonSerializer.Serialize(ToSnapshot(), TsaSnapshotJsonContext.Default.TsaSnapshot);

    /// <summary>UTF-8 JSON, as <see cref="ToJson"/>.</summary>
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(ToSnapshot(), TsaSnapshotJsonContext.Default.TsaSnapshot);

    /// <summary>Reads a snapshot written by <see cref="ToJson"/>; a malformed one throws <see cref="JsonException"/>.</summary>
    public static TsaState FromJson(string json, TsaRuleSet rules) =>
        FromSnapshot(JsonSerializer.Deserialize(json, TsaSnapshotJsonContext.Default.TsaSnapshot) ?? throw new JsonException("the TSA snapshot is null"), rules);

    /// <summary>Reads a snapshot written by <see cref="ToUtf8Json"/>.</summary>
    public static TsaState FromJson(ReadOnlySpan<byte> utf8Json, TsaRuleSet rules) =>
        FromSnapshot(JsonSerializer.Deserialize(utf8Json, TsaSnapshotJsonContext.Default.TsaSnapshot) ?? throw new JsonException("the TSA snapshot is null"), rules);

    private TsaSnapshot ToSnapshot() => new(
        SnapshotVersion,
        _effects.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => EffectSnapshot.From(kv.Key, kv.Value)).ToList(),
        _counters.OrderBy(kv => kv.Key.Rule, StringComparer.Ordinal).ThenBy(kv => kv.Key.Path, StringComparer.Ordinal)
            .Select(kv => new CounterSnapshot(kv.Key.Rule, kv.Key.Path, (long)kv.Value.Window.TotalSeconds, kv.Value.Limit, [.. kv.Value.Events]))
            .ToList());

    private static TsaState FromSnapshot(TsaSnapshot snapshot, TsaRuleSet rules)
    {
        if (snapshot.Version != SnapshotVersion)
        {
            throw new JsonException($"TSA snapshot version {snapshot.Version} is not supported (expected {SnapshotVersion})");
        }
        var effects = ImmutableDictionary.CreateBuilder<string, TsaEffect>(StringComparer.Ordinal);
        foreach (var entry in snapshot.Effects)
        {
            effects[entry.Key] = entry.ToEffect();
        }
        var counters = ImmutableDictionary.CreateBuilder<CounterKey, ThresholdCounter>();
        foreach (var entry in snapshot.Counters)
        {
            counters[new CounterKey(entry.Rule, entry.Path)] = new ThresholdCounter(TimeSpan.FromSeconds(entry.WindowSeconds), entry.Limit,
                [.. entry.Events.Order()]);
        }
        return new TsaState(rules, effects.ToImmutable(), counters.ToImmutable());
    }
}

internal sealed record TsaSnapshot(
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("effects")] List<EffectSnapshot> Effects,
    [property: JsonPropertyName("counters")] List<CounterSnapshot> Counters);

internal sealed record CounterSnapshot(
    [property: JsonPropertyName("rule")] string Rule,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("window_seconds")] long WindowSeconds,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("events")] List<DateTimeOffset> Events);

/// <summary>One effect, flat: <c>kind</c> says which fields are set.</summary>
internal sealed record EffectSnapshot
{
    [JsonPropertyName("key")] public required string Key { get; init; }
    [JsonPropertyName("kind")] public required string Kind { get; init; }
    [JsonPropertyName("action")] public required string Action { get; init; }
    [JsonPropertyName("rule")] public required string Rule { get; init; }
    [JsonPropertyName("reason")] public required string Reason { get; init; }
    [JsonPropertyName("triggered_at")] public required DateTimeOffset TriggeredAt { get; init; }
    [JsonPropertyName("expires")] public required DateTimeOffset Expires { get; init; }
    [JsonPropertyName("path")] public string? Path { get; init; }
    [JsonPropertyName("domain")] public string? Domain { get; init; }
    [JsonPropertyName("tenant")] public string? Tenant { get; init; }
    [JsonPropertyName("campaign")] public string? Campaign { get; init; }
    [JsonPropertyName("site")] public string? Site { get; init; }
    [JsonPropertyName("source")] public string? Source { get; init; }
    [JsonPropertyName("mx_rollup")] public bool MxRollup { get; init; }
    [JsonPropertyName("option")] public string? Option { get; init; }
    [JsonPropertyName("reduce_percent")] public int ReducePercent { get; init; }
    [JsonPropertyName("floor")] public long Floor { get; init; }
    [JsonPropertyName("step_after")] public TimeSpan StepAfter { get; init; }
    [JsonPropertyName("step_percent")] public int StepPercent { get; init; }

    /// <summary>The option value as TOML text (<c>1</c>, <c>"10/minute"</c>), so every TOML value type survives.</summary>
    [JsonPropertyName("value")] public string? Value { get; init; }

    public static EffectSnapshot From(string key, TsaEffect effect)
    {
        var snapshot = new EffectSnapshot
        {
            Key = key,
            Kind = "",
            Action = effect.Action,
            Rule = effect.Rule,
            Reason = effect.Reason,
            TriggeredAt = effect.TriggeredAt,
            Expires = effect.Expires,
        };
        return effect switch
        {
            SuspendPathEffect e => snapshot with { Kind = "suspend_path", Path = e.Path },
            ConfigOverrideEffect e => snapshot with
            {
                Kind = "config_override", Domain = e.Domain, MxRollup = e.MxRollup, Site = e.Site, Source = e.Source, Path = e.Path,
                Option = e.Option, Value = TomlWriter.FormatValue(e.Value),
            },
            SuspendQueuesEffect e => snapshot with { Kind = "suspend_queues", Domain = e.Domain, Tenant = e.Tenant, Campaign = e.Campaign },
            BounceQueuesEffect e => snapshot with { Kind = "bounce_queues", Domain = e.Domain, Tenant = e.Tenant, Campaign = e.Campaign },
            PauseSenderEffect e => snapshot with { Kind = "pause_sender", Domain = e.SenderDomain, Site = e.Site },
            AdjustConfigEffect e => snapshot with
            {
                Kind = "adjust_config", Path = e.Path, Option = e.Option, ReducePercent = e.ReducePercent, Floor = e.Floor,
                StepAfter = e.StepAfter, StepPercent = e.StepPercent,
            },
            _ => throw new NotSupportedException($"no snapshot form for {effect.GetType().Name}"),
        };
    }

    public TsaEffect ToEffect() => Kind switch
    {
        "suspend_path" => new SuspendPathEffect(Need(Path), Rule, Reason, TriggeredAt, Expires),
        "config_override" => new ConfigOverrideEffect(Need(Domain), MxRollup, Site ?? "", Need(Source), Path ?? "", Need(Option), ParseValue(Need(Value)),
            Action, Rule, Reason, TriggeredAt, Expires),
        "suspend_queues" => new SuspendQueuesEffect(Need(Domain), Need(Tenant), Campaign, Action, Rule, Reason, TriggeredAt, Expires),
        "bounce_queues" => new BounceQueuesEffect(Need(Domain), Tenant, Campaign, Action, Rule, Reason, TriggeredAt, Expires),
        "pause_sender" => new PauseSenderEffect(Need(Domain), Need(Site), Action, Rule, Reason, TriggeredAt, Expires),
        "adjust_config" => new AdjustConfigEffect(Need(Path), Need(Option), ReducePercent, Floor, StepAfter, StepPercent, Action, Rule, Reason, TriggeredAt, Expires),
        _ => throw new JsonException($"TSA snapshot effect {Key}: unknown kind \"{Kind}\""),
    };

    private string Need(string? value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string field = "") =>
        value ?? throw new JsonException($"TSA snapshot effect {Key} ({Kind}) lacks {field.ToLowerInvariant()}");

    private TomlNode ParseValue(string text)
    {
        try
        {
            return TomlParser.Parse("value = " + text + "\n").Root["value"];
        }
        catch (TomlException e)
        {
            throw new JsonException($"TSA snapshot effect {Key}: the value {text} is not TOML: {e.Message}");
        }
    }
}

[JsonSourceGenerationOptions(WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TsaSnapshot))]
internal sealed partial class TsaSnapshotJsonContext : JsonSerializerContext;
