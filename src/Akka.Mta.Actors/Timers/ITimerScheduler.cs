namespace Akka.Mta.Actors;

/// <summary>
/// Timers owned by one actor, keyed: starting a key again replaces its timer, and a message from a
/// cancelled or replaced timer is never delivered, even if it was already queued. All timers stop
/// on restart and stop. Driven by the system's <see cref="TimeProvider"/>.
/// </summary>
public interface ITimerScheduler
{
    void StartSingleTimer(object key, object message, TimeSpan timeout);

    void StartPeriodicTimer(object key, object message, TimeSpan interval);

    void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval);

    bool IsTimerActive(object key);

    void Cancel(object key);

    void CancelAll();

    IReadOnlyCollection<object> ActiveTimers { get; }
}

/// <summary>An actor with timers; the kernel sets <see cref="Timers"/> after the constructor, before PreStart.</summary>
public interface IWithTimers
{
    ITimerScheduler Timers { get; set; }
}
