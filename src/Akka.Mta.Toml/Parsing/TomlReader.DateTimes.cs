using Akka.Mta.Toml.Storage;

namespace Akka.Mta.Toml.Parsing;

/// <summary>
/// RFC 3339 date/times as TOML 1.0 allows them: offset date-time, local date-time, local date,
/// local time. Seconds are required; 'T', 't' or a space separates date and time.
/// </summary>
internal ref partial struct TomlReader
{
    private readonly bool LooksLikeDateTime(int p) =>
        (p + 4 < _src.Length && IsDigit(_src[p]) && IsDigit(_src[p + 1]) && IsDigit(_src[p + 2]) && IsDigit(_src[p + 3]) && _src[p + 4] == '-')
        || (p + 2 < _src.Length && IsDigit(_src[p]) && IsDigit(_src[p + 1]) && _src[p + 2] == ':');

    private TomlRow ReadDateTime(TomlPosition position)
    {
        var start = _pos;
        var p = start;
        TomlRow value;
        if (_src[p + 2] == ':')
        {
            var time = ReadTime(ref p);
            value = TomlRow.Value(TomlKind.LocalTime, time.Ticks, position);
        }
        else
        {
            var date = ReadDate(ref p);
            var hasTime = p < _src.Length && (_src[p] is (byte)'T' or (byte)'t'
                || (_src[p] == ' ' && p + 1 < _src.Length && IsDigit(_src[p + 1])));
            if (!hasTime)
            {
                value = TomlRow.Value(TomlKind.LocalDate, date.DayNumber, position);
            }
            else
            {
                p++;
                var time = ReadTime(ref p);
                var local = date.ToDateTime(time, DateTimeKind.Unspecified);
                if (p < _src.Length && _src[p] is (byte)'Z' or (byte)'z')
                {
                    p++;
                    value = OffsetDateTime(local, TimeSpan.Zero, position);
                }
                else if (p < _src.Length && _src[p] is (byte)'+' or (byte)'-')
                {
                    var offset = ReadOffset(ref p);
                    value = OffsetDateTime(local, offset, position);
                }
                else
                {
                    value = TomlRow.Value(TomlKind.LocalDateTime, local.Ticks, position);
                }
            }
        }
        if (p < _src.Length && !IsValueEnd(_src[p]))
        {
            throw ErrorAt(p, $"{Describe(p)} is not valid in the date/time \"{Excerpt(start, p + 1)}\"");
        }
        _pos = p;
        return value;
    }

    /// <summary>
    /// Kept as the clock time's ticks and the offset in minutes (TOML offsets are whole minutes). The
    /// DateTimeOffset is made here so that an instant out of its range fails while the document is
    /// read, not when the value is first looked at.
    /// </summary>
    private static TomlRow OffsetDateTime(DateTime local, TimeSpan offset, TomlPosition position)
    {
        // 0001-01-01T00:00:00+01:00 is a valid TOML date-time whose instant falls before year 1.
        if (local.Ticks - offset.Ticks < DateTime.MinValue.Ticks || local.Ticks - offset.Ticks > DateTime.MaxValue.Ticks)
        {
            throw new TomlException($"the date-time {local:yyyy-MM-ddTHH:mm:ss} at offset {(offset < TimeSpan.Zero ? "-" : "+")}{offset:hh\\:mm} is an instant outside years 0001 to 9999", position);
        }
        var value = new DateTimeOffset(local, offset);
        return TomlRow.Value(TomlKind.OffsetDateTime, value.Ticks, position, offsetMinutes: (short)offset.TotalMinutes);
    }

    private readonly DateOnly ReadDate(ref int p)
    {
        var start = p;
        var year = Digits(ref p, 4, "year");
        Expect(ref p, (byte)'-', "date");
        var month = Digits(ref p, 2, "month");
        Expect(ref p, (byte)'-', "date");
        var day = Digits(ref p, 2, "day");
        if (year == 0)
        {
            throw ErrorAt(start, "year 0000 is not supported (years run from 0001 to 9999)");
        }
        if (month is < 1 or > 12)
        {
            throw ErrorAt(start + 5, $"month {month:D2} does not exist (01 to 12)");
        }
        if (day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            throw ErrorAt(start + 8, $"day {day:D2} does not exist in {year:D4}-{month:D2}");
        }
        return new DateOnly(year, month, day);
    }

    private readonly TimeOnly ReadTime(ref int p)
    {
        var start = p;
        var hour = Digits(ref p, 2, "hour");
        Expect(ref p, (byte)':', "time");
        var minute = Digits(ref p, 2, "minute");
        if (p >= _src.Length || _src[p] != ':')
        {
            throw ErrorAt(p, "a time needs seconds in TOML 1.0 (HH:MM:SS)");
        }
        p++;
        var second = Digits(ref p, 2, "second");
        long ticks = 0;
        if (p < _src.Length && _src[p] == '.')
        {
            p++;
            if (p >= _src.Length || !IsDigit(_src[p]))
            {
                throw ErrorAt(p, $"expected a digit of the fraction of a second, found {Describe(p)}");
            }
            var scale = TimeSpan.TicksPerSecond;
            while (p < _src.Length && IsDigit(_src[p]))
            {
                scale /= 10;
                ticks += (_src[p] - '0') * scale;
                p++;
            }
        }
        if (hour > 23)
        {
            throw ErrorAt(start, $"hour {hour:D2} does not exist (00 to 23)");
        }
        if (minute > 59)
        {
            throw ErrorAt(start + 3, $"minute {minute:D2} does not exist (00 to 59)");
        }
        if (second > 59)
        {
            throw ErrorAt(start + 6, $"second {second:D2} is not supported (00 to 59)");
        }
        return new TimeOnly(new TimeSpan(0, hour, minute, second).Ticks + ticks);
    }

    private readonly TimeSpan ReadOffset(ref int p)
    {
        var start = p;
        var sign = _src[p] == '-' ? -1 : 1;
        p++;
        var hours = Digits(ref p, 2, "offset hour");
        Expect(ref p, (byte)':', "offset");
        var minutes = Digits(ref p, 2, "offset minute");
        if (hours > 23 || minutes > 59)
        {
            throw ErrorAt(start, $"the offset {Excerpt(start, p)} does not exist (-23:59 to +23:59)");
        }
        var offset = new TimeSpan(hours, minutes, 0) * sign;
        if (offset.Duration() > TimeSpan.FromHours(14))
        {
            throw ErrorAt(start, $"the offset {Excerpt(start, p)} is beyond ±14:00, which is not supported");
        }
        return offset;
    }

    private readonly int Digits(ref int p, int count, string what)
    {
        var value = 0;
        for (var i = 0; i < count; i++, p++)
        {
            if (p >= _src.Length || !IsDigit(_src[p]))
            {
                throw ErrorAt(p, $"expected {count} digits for the {what}, found {Describe(p)}");
            }
            value = (value * 10) + (_src[p] - '0');
        }
        return value;
    }

    private readonly void Expect(ref int p, byte b, string what)
    {
        if (p >= _src.Length || _src[p] != b)
        {
            throw ErrorAt(p, $"expected '{(char)b}' in the {what}, found {Describe(p)}");
        }
        p++;
    }
}
