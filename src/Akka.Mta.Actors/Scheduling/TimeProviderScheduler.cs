using System.Collections.Concurrent;

namespace Akka.Mta.Actors;

/// <summary>
/// The scheduler over a <see cref="TimeProvider"/> timer per item. Live items are kept referenced
/// (a timer nobody references may be collected and never fire) until they fire once or are cancelled.
/// </summary>
internal sealed class TimeProviderScheduler(TimeProvider time, KernelLog log) : IScheduler
{
    private readonly ConcurrentDictionary<ScheduledWork, byte> _live = new();

    public DateTimeOffset Now => time.GetUtcNow();

    public void ScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef? sender, ICancelable? cancelable = null)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(message);
        Schedule(delay, Timeout.InfiniteTimeSpan, () => receiver.Tell(message, sender), cancelable);
    }

    public void ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef? sender, ICancelable? cancelable = null)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(message);
        RequirePositive(interval);
        Schedule(initialDelay, interval, () => receiver.Tell(message, sender), cancelable);
    }

    public void ScheduleOnce(TimeSpan delay, Action action, ICancelable? cancelable = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        Schedule(delay, Timeout.InfiniteTimeSpan, action, cancelable);
    }

    public void ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action, ICancelable? cancelable = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        RequirePositive(interval);
        Schedule(initialDelay, interval, action, cancelable);
    }

    public void Shutdown()
    {
        foreach (var work in _live.Keys)
        {
            work.Dispose();
        }
    }

    private static void RequirePositive(TimeSpan interval)
    {
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "A repeating schedule needs a positive interval.");
        }
    }

    private void Schedule(TimeSpan delay, TimeSpan interval, Action action, ICancelable? cancelable)
    {
        if (cancelable is { IsCancellationRequested: true })
        {
            return;
        }
        var work = new ScheduledWork(this, action, interval != Timeout.InfiniteTimeSpan, cancelable);
        _live[work] = 0;
        work.Start(time, delay < TimeSpan.Zero ? TimeSpan.Zero : delay, interval);
    }

    private sealed class ScheduledWork(TimeProviderScheduler owner, Action action, bool repeat, ICancelable? cancelable) : IDisposable
    {
        private ITimer? _timer;
        private CancellationTokenRegistration _registration;
        private volatile bool _done;

        public void Start(TimeProvider time, TimeSpan delay, TimeSpan interval)
        {
            if (cancelable is not null)
            {
                _registration = cancelable.Token.Register(static w => ((ScheduledWork)w!).Dispose(), this);
            }
            var timer = time.CreateTimer(static w => ((ScheduledWork)w!).Fire(), this, delay, interval);
            Volatile.Write(ref _timer, timer);
            if (_done)
            {
                Interlocked.Exchange(ref _timer, null)?.Dispose();
            }
        }

        private void Fire()
        {
            if (_done || cancelable is { IsCancellationRequested: true })
            {
                return;
            }
            if (!repeat)
            {
                Dispose();
            }
            try
            {
                action();
            }
            catch (Exception exception)
            {
                owner.ReportFailure(exception);
            }
        }

        public void Dispose()
        {
            _done = true;
            Interlocked.Exchange(ref _timer, null)?.Dispose();
            _registration.Dispose();
            owner._live.TryRemove(this, out _);
        }
    }

    private void ReportFailure(Exception exception) => log.ScheduledActionFailed(exception);
}
