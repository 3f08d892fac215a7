using System.Globalization;
using System.Text.Json.Nodes;

namespace Akka.Mta.Policy.Options;

/// <summary>
/// Durations as KumoMTA writes them: a number of seconds, or text such as <c>"5m"</c>,
/// <c>"1 hour"</c>, <c>"1h 30m"</c>, <c>"3 days"</c> (humantime units, summed).
/// </summary>
public static class DurationText
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var span = text.AsSpan().Trim();
        if (span.IsEmpty)
        {
            return false;
        }
        double total = 0;
        while (!span.IsEmpty)
        {
            var digits = 0;
            while (digits < span.Length && (char.IsAsciiDigit(span[digits]) || span[digits] == '.'))
            {
                digits++;
            }
            if (digits == 0 || !double.TryParse(span[..digits], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }
            span = span[digits..].TrimStart();
            var letters = 0;
            while (letters < span.Length && char.IsAsciiLetter(span[letters]))
            {
                letters++;
            }
            if (!TryUnitSeconds(span[..letters], out var unit))
            {
                return false;
            }
            total += number * unit;
            span = span[letters..].TrimStart();
        }
        if (total > TimeSpan.MaxValue.TotalSeconds)
        {
            return false;
        }
        duration = TimeSpan.FromSeconds(total);
        return true;
    }

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

    private static bool TryUnitSeconds(ReadOnlySpan<char> unit, out double seconds)
    {
        seconds = unit.ToString().ToLowerInvariant() switch
        {
            "ns" or "nsec" or "nanos" => 1e-9,
            "us" or "usec" or "micros" => 1e-6,
            "ms" or "msec" or "millis" => 1e-3,
            "" or "s" or "sec" or "secs" or "second" or "seconds" => 1,
            "m" or "min" or "mins" or "minute" or "minutes" => 60,
            "h" or "hr" or "hrs" or "hour" or "hours" => 3600,
            "d" or "day" or "days" => 86400,
            "w" or "week" or "weeks" => 7 * 86400,
            _ => -1,
        };
        return seconds > 0;
    }
}
