using System.Globalization;
using System.Text;

namespace Akka.Mta.Core.Throttling;

/// <summary>
/// A rate: <c>[local:]&lt;limit&gt;/&lt;N?&gt;&lt;unit&gt;[,max_burst=&lt;n&gt;]</c>, for example <c>100/s</c>,
/// <c>10,000/h</c>, <c>20/30minute</c>, <c>local:5/m</c>, <c>7200/h,max_burst=1</c>.
/// Units: s|sec|second, m|min|minute, h|hr|hour, d|day, each also plural. <see cref="ToString"/>
/// gives the canonical form (<c>N/s|m|h|d</c>, or <c>N/&lt;secs&gt;s</c> for other periods).
/// </summary>
public sealed record ThrottleSpec(long Limit, long PeriodSeconds, long? MaxBurst = null, bool Local = false)
{
    private const string LocalPrefix = "local:";
    private const string BurstPrefix = "max_burst=";

    /// <summary>Seconds between two events when the rate is spread evenly.</summary>
    public double IntervalSeconds => (double)PeriodSeconds / Limit;

    public static ThrottleSpec Parse(string text) =>
        TryParse(text, out var spec, out var error) ? spec : throw new FormatException(error);

    public static bool TryParse(string text, out ThrottleSpec spec, out string error)
    {
        spec = null!;
        var s = text.Trim();
        var local = s.StartsWith(LocalPrefix, StringComparison.Ordinal);
        if (local)
        {
            s = s[LocalPrefix.Length..];
        }
        long? burst = null;
        var optionsAt = s.IndexOf('/') is var at && at >= 0 ? s.IndexOf(',', at) : -1;
        if (optionsAt >= 0)
        {
            var option = s[(optionsAt + 1)..].Trim();
            if (!option.StartsWith(BurstPrefix, StringComparison.Ordinal))
            {
                error = $"invalid throttle \"{text}\": unknown option \"{option}\" (only max_burst=<n> is allowed after the period)";
                return false;
            }
            if (!Numbers.TryParseCount(option.AsSpan(BurstPrefix.Length), out var b) || b <= 0)
            {
                error = $"invalid throttle \"{text}\": max_burst must be a positive integer";
                return false;
            }
            burst = b;
            s = s[..optionsAt];
        }
        var slash = s.IndexOf('/');
        if (slash < 0)
        {
            error = $"invalid throttle \"{text}\": expected <limit>/<period>, for example 100/s or 10,000/h";
            return false;
        }
        if (!Numbers.TryParseCount(s.AsSpan(0, slash), out var limit) || limit <= 0)
        {
            error = $"invalid throttle \"{text}\": the limit \"{s[..slash].Trim()}\" must be a positive integer";
            return false;
        }
        var periodText = s[(slash + 1)..].Trim();
        var digits = 0;
        while (digits < periodText.Length && char.IsAsciiDigit(periodText[digits]))
        {
            digits++;
        }
        long multiplier = 1;
        if (digits > 0 && (!long.TryParse(periodText.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out multiplier) || multiplier <= 0))
        {
            error = $"invalid throttle \"{text}\": the period multiplier must be a positive integer";
            return false;
        }
        if (!TryUnitSeconds(periodText[digits..].Trim(), out var unitSeconds))
        {
            error = $"invalid throttle \"{text}\": unknown period unit \"{periodText[digits..].Trim()}\" (use s, m, h or d)";
            return false;
        }
        spec = new ThrottleSpec(limit, checked(multiplier * unitSeconds), burst, local);
        error = "";
        return true;
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        if (Local)
        {
            sb.Append(LocalPrefix);
        }
        sb.Append(Limit.ToString(CultureInfo.InvariantCulture)).Append('/');
        sb.Append(PeriodSeconds switch
        {
            1 => "s",
            60 => "m",
            3600 => "h",
            86400 => "d",
            _ => PeriodSeconds.ToString(CultureInfo.InvariantCulture) + "s",
        });
        if (MaxBurst is { } burst)
        {
            sb.Append(',').Append(BurstPrefix).Append(burst.ToString(CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    private static bool TryUnitSeconds(string unit, out long seconds)
    {
        seconds = unit switch
        {
            "s" or "sec" or "secs" or "second" or "seconds" => 1,
            "m" or "min" or "mins" or "minute" or "minutes" => 60,
            "h" or "hr" or "hrs" or "hour" or "hours" => 3600,
            "d" or "day" or "days" => 86400,
            _ => 0,
        };
        return seconds > 0;
    }
}
