using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Mta.Policy.Options;
using Akka.Mta.Shaping.Options;

namespace Akka.Mta.Policy.Shaping;

/// <summary>
/// Checkers that turn what <c>get_egress_path_config</c> and <c>get_queue_config</c> return into the
/// shaping library's checked <see cref="EgressPathConfig"/> and <see cref="QueueConfig"/>.
/// </summary>
public static class ShapingCheckers
{
    public static readonly IOptionsChecker<EgressPathConfig> EgressPath =
        OptionsChecker.From(o => Unwrap(EgressPathConfig.Validate(ToClr(o), PolicyEvents.GetEgressPathConfig)));

    public static readonly IOptionsChecker<QueueConfig> Queue =
        OptionsChecker.From(o => Unwrap(QueueConfig.Validate(ToClr(o), PolicyEvents.GetQueueConfig)));

    private static T Unwrap<T>(ConfigValidation<T> validation) where T : class =>
        validation.Config ?? throw new OptionsException(validation.Errors
            .Select(e => e.KeyPath.Length == 0 ? e.Message : $"{e.KeyPath}: {e.Message}").ToList());

    /// <summary>JSON as the .NET values the shaping library checks: string, long, double, bool, lists and dictionaries.</summary>
    internal static Dictionary<string, object?> ToClr(JsonObject obj) =>
        obj.ToDictionary(kv => kv.Key, kv => ToClr(kv.Value), StringComparer.Ordinal);

    private static object? ToClr(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => ToClr(o),
        JsonArray a => a.Select(ToClr).ToList(),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => long.TryParse(v.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)
                ? l
                : double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture),
            _ => null,
        },
        _ => null,
    };
}
