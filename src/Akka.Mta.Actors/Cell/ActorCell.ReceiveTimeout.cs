namespace Akka.Mta.Actors;

/// <summary>
/// Receive timeout without a timer reset per message: each message stamps the time, and one
/// timer checks the stamp when it fires and re-arms for what is left.
/// </summary>
internal sealed partial class ActorCell
{
    private TimeSpan? _receiveTimeout;
    private long _lastActivity;
    private ITimer? _receiveTimeoutTimer;
    private ReceiveTimeoutTick? _receiveTimeoutTick;

    public TimeSpan? ReceiveTimeout => _receiveTimeout;

    public void SetReceiveTimeout(TimeSpan? timeout)
    {
        CancelReceiveTimeout();
        if (timeout is null || timeout.Value <= TimeSpan.Zero || timeout.Value == Timeout.InfiniteTimeSpan)
        {
            return;
        }
        _receiveTimeout = timeout;
        _lastActivity = System.TimeProvider.GetTimestamp();
        _receiveTimeoutTick = new ReceiveTimeoutTick(Self);
        _receiveTimeoutTimer = System.TimeProvider.CreateTimer(static state => ((ReceiveTimeoutTick)state!).Fire(), _receiveTimeoutTick, timeout.Value, Timeout.InfiniteTimeSpan);
    }

    private void CancelReceiveTimeout()
    {
        _receiveTimeout = null;
        _receiveTimeoutTick = null;
        _receiveTimeoutTimer?.Dispose();
        _receiveTimeoutTimer = null;
    }

    private object? OnReceiveTimeoutTick(ReceiveTimeoutTick tick)
    {
        if (!ReferenceEquals(tick, _receiveTimeoutTick) || _receiveTimeout is not { } timeout)
        {
            return null;
        }
        var idle = System.TimeProvider.GetElapsedTime(_lastActivity);
        if (idle >= timeout)
        {
            _lastActivity = System.TimeProvider.GetTimestamp();
            _receiveTimeoutTimer?.Change(timeout, Timeout.InfiniteTimeSpan);
            return Actors.ReceiveTimeout.Instance;
        }
        _receiveTimeoutTimer?.Change(timeout - idle, Timeout.InfiniteTimeSpan);
        return null;
    }
}

/// <summary>The receive-timeout timer's message to its actor; stale ticks (after a reset) are ignored.</summary>
internal sealed class ReceiveTimeoutTick(IActorRef self) : IAutoReceivedMessage, INotInfluenceReceiveTimeout, IDeadLetterSuppression
{
    public void Fire() => self.Tell(this, null);
}
