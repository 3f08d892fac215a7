using System.Diagnostics;
using System.Globalization;

namespace Akka.Mta.Actors.TestKit;

/// <summary>
/// Wall-clock limits of expectations: generous defaults scaled by the environment variable
/// AKKA_MTA_TEST_TIME_FACTOR (default 1), and the deadline of an enclosing Within block.
/// These never drive the actor system's clock: that is <see cref="TestKit.Clock"/>.
/// </summary>
public sealed class TestKitTiming
{
    private long? _withinDeadline;

    public TestKitTiming()
    {
        var raw = Environment.GetEnvironmentVariable("AKKA_MTA_TEST_TIME_FACTOR");
        TimeFactor = double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var factor) && factor >= 1 ? factor : 1;
    }

    public double TimeFactor { get; }

    /// <summary>How long an expectation waits by default: 3 s, dilated.</summary>
    public TimeSpan DefaultTimeout => Dilated(TimeSpan.FromSeconds(3));

    /// <summary>How long ExpectNoMsg listens by default: 100 ms, dilated.</summary>
    public TimeSpan DefaultNoMessageWindow => Dilated(TimeSpan.FromMilliseconds(100));

    public TimeSpan Dilated(TimeSpan duration) =>
        duration == Timeout.InfiniteTimeSpan ? duration : TimeSpan.FromTicks((long)(duration.Ticks * TimeFactor));

    /// <summary>What is left of the enclosing Within block, else the default timeout.</summary>
    public TimeSpan RemainingOrDefault =>
        _withinDeadline is { } deadline ? Max(TimeSpan.Zero, Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline)) : DefaultTimeout;

    internal TimeSpan Resolve(TimeSpan? requested) => requested is { } value ? Dilated(value) : RemainingOrDefault;

    internal long? EnterWithin(TimeSpan max)
    {
        var previous = _withinDeadline;
        var deadline = Stopwatch.GetTimestamp() + (long)(Dilated(max).TotalSeconds * Stopwatch.Frequency);
        _withinDeadline = previous is { } outer && outer < deadline ? outer : deadline;
        return previous;
    }

    internal void ExitWithin(long? previous) => _withinDeadline = previous;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
