namespace Akka.Mta.Actors;

/// <summary>A handle to cancel scheduled work.</summary>
public interface ICancelable
{
    void Cancel();

    bool IsCancellationRequested { get; }

    CancellationToken Token { get; }
}

/// <summary>A cancellation handle for the scheduler (Akka's Cancelable).</summary>
public sealed class Cancelable : ICancelable, IDisposable
{
    private readonly CancellationTokenSource _source = new();

    public bool IsCancellationRequested => _source.IsCancellationRequested;

    public CancellationToken Token => _source.Token;

    public void Cancel() => _source.Cancel();

    public void Dispose() => _source.Dispose();
}

/// <summary>Sends messages or runs actions later, on the system's <see cref="TimeProvider"/>.</summary>
public interface IScheduler
{
    DateTimeOffset Now { get; }

    void ScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef? sender, ICancelable? cancelable = null);

    void ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef? sender, ICancelable? cancelable = null);

    /// <summary>Runs <paramref name="action"/> on a timer thread: it must be short and must not touch actor state.</summary>
    void ScheduleOnce(TimeSpan delay, Action action, ICancelable? cancelable = null);

    void ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action, ICancelable? cancelable = null);
}

/// <summary>The scheduling calls that return their own cancellation handle.</summary>
public static class SchedulerExtensions
{
    public static ICancelable ScheduleTellOnceCancelable(this IScheduler scheduler, TimeSpan delay, ICanTell receiver, object message, IActorRef? sender)
    {
        var cancelable = new Cancelable();
        scheduler.ScheduleTellOnce(delay, receiver, message, sender, cancelable);
        return cancelable;
    }

    public static ICancelable ScheduleTellRepeatedlyCancelable(this IScheduler scheduler, TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef? sender)
    {
        var cancelable = new Cancelable();
        scheduler.ScheduleTellRepeatedly(initialDelay, interval, receiver, message, sender, cancelable);
        return cancelable;
    }
}
