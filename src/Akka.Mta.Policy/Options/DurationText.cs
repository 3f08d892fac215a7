using System.Globalization;
using System.Text.Json.Nodes;
using Akka.Mta.Core.Throttling;

namespace Akka.Mta.Policy.Options;

/// <summary>
/// Durations as KumoMTA writes them in values returned by Lua: a number of seconds, or text
/// such as <c>"5m"</c>, <c>"1 hour"</c>, <c>"1h 30m"</c>, <c>"3 days"</c>.
/// </summary>
public static class DurationText
{
    /// <summary>Text durations follow the project's one grammar, <see cref="HumanDuration"/>.</summary>
    public static bool TryParse(string text, out TimeSpan duration) => HumanDuration.TryParse(text, out duration, out _);

    /// <summary>A JSON number of seconds or a duration string.</summary>
    public static bool TryParse(JsonNode? node, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (node is not JsonValue value)
        {
            return false;
        }
        switch (value.GetValueKind())
        {
            case System.Text.Json.JsonValueKind.String:
                return TryParse(value.GetValue<string>(), out duration);
            case System.Text.Json.JsonValueKind.Number:
                var seconds = double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture);
                if (seconds < 0 || seconds > TimeSpan.MaxValue.TotalSeconds)
                {
                    return false;
                }
                duration = TimeSpan.FromSeconds(seconds);
                return true;
            default:
                return false;
        }
    }
}
