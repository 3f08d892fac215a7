using Akka.Mta.Core.Throttling;

namespace Akka.Mta.Core.Tests;

public sealed class ThrottleTests
{
    [Theory]
    [InlineData("100/s", 100, 1, null, false, "100/s")]
    [InlineData("10,000/h", 10000, 3600, null, false, "10000/h")]
    [InlineData("1_000/hr", 1000, 3600, null, false, "1000/h")]
    [InlineData("20/30minute", 20, 1800, null, false, "20/1800s")]
    [InlineData("local:5/m", 5, 60, null, false, "local:5/m")]
    [InlineData("7200/h,max_burst=1", 7200, 3600, 1L, false, "7200/h,max_burst=1")]
    [InlineData("1/minute", 1, 60, null, false, "1/m")]
    [InlineData("3/m", 3, 60, null, false, "3/m")]
    [InlineData("5/hr", 5, 3600, null, false, "5/h")]
    [InlineData("100/min", 100, 60, null, false, "100/m")]
    [InlineData("2/day", 2, 86400, null, false, "2/d")]
    [InlineData("10/seconds", 10, 1, null, false, "10/s")]
    [InlineData("10/2hours", 10, 7200, null, false, "10/7200s")]
    public void ThrottleSpec_Parses_AndHasCanonicalForm(string text, long limit, long period, long? burst, bool _, string canonical)
    {
        var spec = ThrottleSpec.Parse(text);
        Assert.Equal(limit, spec.Limit);
        Assert.Equal(period, spec.PeriodSeconds);
        Assert.Equal(burst, spec.MaxBurst);
        Assert.Equal(canonical, spec.ToString());
        Assert.Equal(spec, ThrottleSpec.Parse(canonical));
    }

    [Theory]
    [InlineData("100", "expected <limit>/<period>")]
    [InlineData("0/s", "must be a positive integer")]
    [InlineData("abc/s", "must be a positive integer")]
    [InlineData("10/fortnight", "unknown period unit \"fortnight\"")]
    [InlineData("10/s,max_burst=0", "max_burst")]
    [InlineData("10/s,burst=3", "max_burst")]
    [InlineData("10/0s", "multiplier")]
    public void ThrottleSpec_BadInput_SaysWhatIsWrong(string text, string expected)
    {
        var e = Assert.Throws<FormatException>(() => ThrottleSpec.Parse(text));
        Assert.Contains(expected, e.Message);
        Assert.Contains(text, e.Message);
    }

    [Theory]
    [InlineData("5", 5, false)]
    [InlineData("local:5", 5, true)]
    [InlineData("10,000", 10000, false)]
    public void LimitSpec_Parses(string text, long limit, bool local)
    {
        var spec = LimitSpec.Parse(text);
        Assert.Equal(new LimitSpec(limit, local), spec);
        Assert.Equal(spec, LimitSpec.Parse(spec.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("five")]
    [InlineData("-1")]
    [InlineData("local:")]
    public void LimitSpec_BadInput_IsAnError(string text) => Assert.Throws<FormatException>(() => LimitSpec.Parse(text));

    [Fact]
    public void Gcra_SpacesEventsEvenly_WithBurstOne()
    {
        var spec = ThrottleSpec.Parse("7200/h");
        var t0 = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
        var gcra = new Gcra(t0);

        var first = gcra.TryAcquire(spec, burst: 1, t0);
        Assert.True(first.Allowed);
        var second = first.Next.TryAcquire(spec, burst: 1, t0);
        Assert.False(second.Allowed);
        Assert.Equal(TimeSpan.FromMilliseconds(500), second.RetryAfter);
        Assert.True(first.Next.TryAcquire(spec, burst: 1, t0.AddMilliseconds(500)).Allowed);
    }

    [Fact]
    public void Gcra_AdmitsExactlyTheRate_OverALongRun()
    {
        var spec = ThrottleSpec.Parse("100/s");
        var now = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
        var gcra = new Gcra(now);
        var admitted = 0;
        // Ask every millisecond for 10 seconds: exactly 100/s pass (plus the burst).
        for (var ms = 0; ms < 10_000; ms++)
        {
            var d = gcra.TryAcquire(spec, burst: 5, now.AddMilliseconds(ms));
            if (d.Allowed)
            {
                admitted++;
                gcra = d.Next;
            }
        }
        Assert.InRange(admitted, 1000, 1005);
    }

    [Theory]
    [InlineData("2 hours", 7200)]
    [InlineData("90m", 5400)]
    [InlineData("3 days", 259200)]
    [InlineData("1 hour", 3600)]
    [InlineData("1 hours", 3600)]
    [InlineData("2 hour", 7200)]
    [InlineData("30 minutes", 1800)]
    [InlineData("60s", 60)]
    [InlineData("1h 30m", 5400)]
    [InlineData("1h30m", 5400)]
    [InlineData("300", 300)]
    [InlineData("1 week", 604800)]
    public void HumanDuration_Parses(string text, long seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), HumanDuration.Parse(text));

    [Fact]
    public void HumanDuration_MonthIsCapitalM_MinuteIsSmallM()
    {
        Assert.Equal(TimeSpan.FromMinutes(1), HumanDuration.Parse("1m"));
        Assert.Equal(TimeSpan.FromSeconds(2_630_016), HumanDuration.Parse("1M"));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("5", null)]
    [InlineData("5 parsecs", "unknown unit \"parsecs\"")]
    [InlineData("h", "expected a number")]
    [InlineData("10 5m", "needs a unit")]
    public void HumanDuration_BadInput_SaysWhatIsWrong(string text, string? expected)
    {
        if (expected is null)
        {
            Assert.Equal(TimeSpan.FromSeconds(5), HumanDuration.Parse(text));
            return;
        }
        var e = Assert.Throws<FormatException>(() => HumanDuration.Parse(text));
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData(259200, "3d")]
    [InlineData(5400, "1h 30m")]
    [InlineData(90, "1m 30s")]
    [InlineData(0, "0s")]
    public void HumanDuration_Format_IsCanonical_AndParsesBack(long seconds, string text)
    {
        Assert.Equal(text, HumanDuration.Format(TimeSpan.FromSeconds(seconds)));
        Assert.Equal(TimeSpan.FromSeconds(seconds), HumanDuration.Parse(text));
    }
}
