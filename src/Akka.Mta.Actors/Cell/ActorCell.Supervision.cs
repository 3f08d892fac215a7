namespace Akka.Mta.Actors;

/// <summary>Failure: the failing side (suspend, tell the parent) and the supervising side (decide).</summary>
internal sealed partial class ActorCell
{
    private Dictionary<IInternalActorRef, ChildRestartStats>? _restartStats;
    private IInternalActorRef? _escalatedChild;

    /// <summary>Suspends this actor and asks its parent what to do about <paramref name="exception"/>.</summary>
    internal void HandleInvokeFailure(Exception exception)
    {
        if (_terminating)
        {
            System.Log.FailureWhileStopping(exception, Self.Path.ToString());
            return;
        }
        if (_suspended)
        {
            // Already waiting for the supervisor's decision (e.g. a failure in a restart hook reported once).
            System.Log.FailureWhileStopping(exception, Self.Path.ToString());
            return;
        }
        _suspended = true;
        _failedMessage = _currentEnvelope.Message;
        _parent.SendSystemMessage(new Failed(Self, exception));
    }

    private void HandleChildFailed(Failed failed)
    {
        var child = failed.Child;
        if (!IsChild(child))
        {
            return;
        }
        if (_terminating)
        {
            child.SendSystemMessage(Terminate.Instance);
            return;
        }
        var strategy = Props.SupervisorStrategy ?? _actor?.GetSupervisorStrategy() ?? SupervisorStrategy.DefaultStrategy;
        Directive directive;
        try
        {
            directive = strategy.Decide(failed.Cause);
        }
        catch (Exception deciderFailure)
        {
            System.Log.DeciderFailed(deciderFailure, child.Path.ToString());
            directive = Directive.Stop;
        }
        if (directive == Directive.Restart)
        {
            _restartStats ??= [];
            if (!_restartStats.TryGetValue(child, out var stats))
            {
                stats = new ChildRestartStats();
                _restartStats[child] = stats;
            }
            if (!stats.RequestRestartPermission(strategy.MaxNumberOfRetries, strategy.WithinTimeRange, System.TimeProvider))
            {
                directive = Directive.Stop;
            }
        }
        if (strategy.LoggingEnabled)
        {
            System.Log.ActorFailed(failed.Cause, child.Path.ToString(), directive);
        }
        switch (directive)
        {
            case Directive.Resume:
                child.SendSystemMessage(Resume.Instance);
                break;
            case Directive.Restart:
                child.SendSystemMessage(new Recreate(failed.Cause));
                break;
            case Directive.Stop:
                Stop(child);
                break;
            case Directive.Escalate:
                _escalatedChild = child;
                HandleInvokeFailure(failed.Cause);
                break;
        }
    }
}

/// <summary>Restart counting for maxNrOfRetries within withinTimeRange (Akka's ChildRestartStats).</summary>
internal sealed class ChildRestartStats
{
    private int _count;
    private long _windowStart;

    public bool RequestRestartPermission(int maxNrOfRetries, TimeSpan? withinTimeRange, TimeProvider time)
    {
        if (maxNrOfRetries < 0)
        {
            return true;
        }
        if (maxNrOfRetries == 0)
        {
            return false;
        }
        if (withinTimeRange is null)
        {
            _count++;
            return _count <= maxNrOfRetries;
        }
        var now = time.GetTimestamp();
        if (_count == 0)
        {
            _windowStart = now;
        }
        _count++;
        if (time.GetElapsedTime(_windowStart, now) <= withinTimeRange.Value)
        {
            return _count <= maxNrOfRetries;
        }
        _count = 1;
        _windowStart = now;
        return true;
    }
}
