using System.Globalization;
using System.Text;

namespace Akka.Mta.Core.Throttling;

/// <summary>
/// Durations as shaping files write them: <c>"2 hours"</c>, <c>"90m"</c>, <c>"3 days"</c>,
/// <c>"1h 30m"</c>, <c>"500ms"</c>, or a plain number of seconds. Units (case-sensitive, as in
/// humantime): ns|nsec, us|usec, ms|msec, s|sec|second(s), m|min|minute(s), h|hr|hour(s),
/// d|day(s), w|week(s), M|month(s) (30.44 days), y|year(s) (365.25 days).
/// </summary>
public static class HumanDuration
{
    public static TimeSpan Parse(string text) =>
        TryParse(text, out var value, out var error) ? value : throw new FormatException(error);

    public static bool TryParse(string text, out TimeSpan value, out string error)
    {
        value = TimeSpan.Zero;
        var s = text.Trim();
        if (s.Length == 0)
        {
            error = "invalid duration \"\": empty";
            return false;
        }
        if (long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var plainSeconds))
        {
            value = TimeSpan.FromSeconds(plainSeconds);
            error = "";
            return true;
        }
        long ticks = 0;
        var i = 0;
        while (i < s.Length)
        {
            while (i < s.Length && char.IsWhiteSpace(s[i]))
            {
                i++;
            }
            if (i == s.Length)
            {
                break;
            }
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }
            if (start == i || !long.TryParse(s.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            {
                error = $"invalid duration \"{text}\": expected a number at position {start + 1}";
                return false;
            }
            while (i < s.Length && char.IsWhiteSpace(s[i]))
            {
                i++;
            }
            var unitStart = i;
            while (i < s.Length && char.IsAsciiLetter(s[i]))
            {
                i++;
            }
            var unit = s[unitStart..i];
            if (unit.Length == 0)
            {
                error = $"invalid duration \"{text}\": the number {amount} needs a unit (s, m, h, d, ...)";
                return false;
            }
            if (!TryUnitTicks(unit, out var unitTicks))
            {
                error = $"invalid duration \"{text}\": unknown unit \"{unit}\"";
                return false;
            }
            try
            {
                ticks = checked(ticks + checked(amount * unitTicks));
            }
            catch (OverflowException)
            {
                error = $"invalid duration \"{text}\": too long";
                return false;
            }
        }
        value = TimeSpan.FromTicks(ticks);
        error = "";
        return true;
    }

    /// <summary>Canonical compact form: <c>3d</c>, <c>1h 30m</c>, <c>1m 30s</c>, <c>250ms</c>, <c>0s</c>.</summary>
    public static string Format(TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            return "0s";
        }
        var sb = new StringBuilder();
        void Part(long amount, string unit)
        {
            if (amount > 0)
            {
                sb.Append(sb.Length > 0 ? " " : "").Append(amount.ToString(CultureInfo.InvariantCulture)).Append(unit);
            }
        }
        Part((long)value.TotalDays, "d");
        Part(value.Hours, "h");
        Part(value.Minutes, "m");
        Part(value.Seconds, "s");
        Part(value.Milliseconds, "ms");
        return sb.Length > 0 ? sb.ToString() : $"{value.Ticks * 100}ns";
    }

    private static bool TryUnitTicks(string unit, out long ticks)
    {
        ticks = unit switch
        {
            "ns" or "nsec" or "nanos" => 0, // below tick resolution; accepted, rounds to zero
            "us" or "usec" or "micros" => TimeSpan.TicksPerMicrosecond,
            "ms" or "msec" or "millis" => TimeSpan.TicksPerMillisecond,
            "s" or "sec" or "secs" or "second" or "seconds" => TimeSpan.TicksPerSecond,
            "m" or "min" or "mins" or "minute" or "minutes" => TimeSpan.TicksPerMinute,
            "h" or "hr" or "hrs" or "hour" or "hours" => TimeSpan.TicksPerHour,
            "d" or "day" or "days" => TimeSpan.TicksPerDay,
            "w" or "week" or "weeks" => 7 * TimeSpan.TicksPerDay,
            "M" or "month" or "months" => 2_630_016 * TimeSpan.TicksPerSecond,
            "y" or "year" or "years" => 31_557_600 * TimeSpan.TicksPerSecond,
            _ => -1,
        };
        return ticks >= 0;
    }
}
