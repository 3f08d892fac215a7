using System.Diagnostics;

namespace Akka.Mta.Actors.TestKit;

/// <summary>Waiting on conditions with a deadline (never a bare sleep), and Within blocks.</summary>
public abstract partial class TestKit
{
    private static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Retries <paramref name="assertion"/> until it passes; past the deadline its last failure is thrown.</summary>
    public void AwaitAssert(Action assertion, TimeSpan? duration = null, TimeSpan? interval = null)
    {
        var limit = Timing.Resolve(duration);
        var start = Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                assertion();
                return;
            }
            catch (Exception) when (Stopwatch.GetElapsedTime(start) < limit)
            {
                Thread.Sleep(interval ?? DefaultPollInterval);
            }
        }
    }

    public async Task AwaitAssertAsync(Func<Task> assertion, TimeSpan? duration = null, TimeSpan? interval = null)
    {
        var limit = Timing.Resolve(duration);
        var start = Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                await assertion().ConfigureAwait(false);
                return;
            }
            catch (Exception) when (Stopwatch.GetElapsedTime(start) < limit)
            {
                await Task.Delay(interval ?? DefaultPollInterval).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds; fails naming <paramref name="message"/> after the deadline.</summary>
    public void AwaitCondition(Func<bool> condition, TimeSpan? max = null, string? message = null, TimeSpan? interval = null)
    {
        var limit = Timing.Resolve(max);
        var start = Stopwatch.GetTimestamp();
        while (!condition())
        {
            if (Stopwatch.GetElapsedTime(start) >= limit)
            {
                throw new TestKitAssertionException($"Condition not met within {limit.TotalMilliseconds:0} ms: {message ?? "(no description)"}.");
            }
            Thread.Sleep(interval ?? DefaultPollInterval);
        }
    }

    public async Task AwaitConditionAsync(Func<bool> condition, TimeSpan? max = null, string? message = null, TimeSpan? interval = null)
    {
        var limit = Timing.Resolve(max);
        var start = Stopwatch.GetTimestamp();
        while (!condition())
        {
            if (Stopwatch.GetElapsedTime(start) >= limit)
            {
                throw new TestKitAssertionException($"Condition not met within {limit.TotalMilliseconds:0} ms: {message ?? "(no description)"}.");
            }
            await Task.Delay(interval ?? DefaultPollInterval).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/>, whose expectations default to what is left of
    /// <paramref name="max"/> (dilated), and fails if the block took longer.
    /// </summary>
    public void Within(TimeSpan max, Action action) => Within(max, () =>
    {
        action();
        return true;
    });

    public T Within<T>(TimeSpan max, Func<T> action)
    {
        var limit = Dilated(max);
        var start = Stopwatch.GetTimestamp();
        var previous = Timing.EnterWithin(max);
        try
        {
            var result = action();
            var elapsed = Stopwatch.GetElapsedTime(start);
            if (elapsed > limit)
            {
                throw new TestKitAssertionException($"The block took {elapsed.TotalMilliseconds:0} ms, more than the {limit.TotalMilliseconds:0} ms allowed by Within.");
            }
            return result;
        }
        finally
        {
            Timing.ExitWithin(previous);
        }
    }

    /// <summary>What is left of the enclosing Within block, else the default timeout.</summary>
    public TimeSpan RemainingOrDefault => Timing.RemainingOrDefault;
}
