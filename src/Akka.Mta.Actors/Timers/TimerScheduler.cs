namespace Akka.Mta.Actors;

/// <summary>The per-actor <see cref="ITimerScheduler"/>; used only on the actor's thread.</summary>
internal sealed class TimerScheduler(ActorCell cell) : ITimerScheduler
{
    private readonly Dictionary<object, TimerMessage> _timers = [];
    private int _generation;

    public IReadOnlyCollection<object> ActiveTimers => _timers.Keys.ToList();

    public void StartSingleTimer(object key, object message, TimeSpan timeout) =>
        Start(key, message, timeout, Timeout.InfiniteTimeSpan);

    public void StartPeriodicTimer(object key, object message, TimeSpan interval) =>
        Start(key, message, interval, interval);

    public void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval)
    {
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "A periodic timer needs a positive interval.");
        }
        Start(key, message, initialDelay, interval);
    }

    private void Start(object key, object message, TimeSpan due, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        Cancel(key);
        var timer = new TimerMessage(key, message, ++_generation, period != Timeout.InfiniteTimeSpan, cell.Self);
        _timers[key] = timer;
        timer.Arm(cell.System.TimeProvider, due < TimeSpan.Zero ? TimeSpan.Zero : due, period);
    }

    public bool IsTimerActive(object key) => _timers.ContainsKey(key);

    public void Cancel(object key)
    {
        if (_timers.Remove(key, out var timer))
        {
            timer.Dispose();
        }
    }

    public void CancelAll()
    {
        foreach (var timer in _timers.Values)
        {
            timer.Dispose();
        }
        _timers.Clear();
    }

    /// <summary>The user message of a fired timer, unless the timer was cancelled or replaced since.</summary>
    public bool TryTake(TimerMessage fired, out object message)
    {
        if (_timers.TryGetValue(fired.Key, out var current) && ReferenceEquals(current, fired))
        {
            if (!fired.IsPeriodic)
            {
                _timers.Remove(fired.Key);
                fired.Dispose();
            }
            message = fired.Message;
            return true;
        }
        message = null!;
        return false;
    }
}

/// <summary>What a timer puts in its actor's mailbox; the cell swaps it for the user message.</summary>
internal sealed class TimerMessage(object key, object message, int generation, bool isPeriodic, IActorRef owner)
    : IAutoReceivedMessage, IDeadLetterSuppression, IDisposable
{
    private ITimer? _timer;

    public object Key { get; } = key;

    public object Message { get; } = message;

    public int Generation { get; } = generation;

    public bool IsPeriodic { get; } = isPeriodic;

    public void Arm(TimeProvider time, TimeSpan due, TimeSpan period) =>
        _timer = time.CreateTimer(static state => ((TimerMessage)state!).Fire(), this, due, period);

    private void Fire() => owner.Tell(this, null);

    public void Dispose() => _timer?.Dispose();
}
