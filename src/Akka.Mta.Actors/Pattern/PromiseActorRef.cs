namespace Akka.Mta.Actors;

/// <summary>The temporary sender of an Ask: the first reply completes the task; later ones are dead letters.</summary>
internal sealed class PromiseActorRef<T> : IInternalActorRef
{
    private static long s_next;
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ActorSystem _system;
    private readonly IActorRef _target;
    private ITimer? _timer;
    private CancellationTokenRegistration _cancellation;

    public PromiseActorRef(ActorSystem system, IActorRef target)
    {
        _system = system;
        _target = target;
        Path = ActorPath.Root(system.Name) / "temp" / ("$" + Interlocked.Increment(ref s_next).ToString(global::System.Globalization.CultureInfo.InvariantCulture));
    }

    public ActorPath Path { get; }

    public ActorSystem System => _system;

    public bool IsTerminated => _completion.Task.IsCompleted;

    public Task<T> Task => _completion.Task;

    public void Start(object message, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            var description = $"Ask timed out on [{_target.Path}] after {timeout.TotalMilliseconds} ms. Message type: {message.GetType().Name}";
            _timer = _system.TimeProvider.CreateTimer(
                static state =>
                {
                    var (promise, text) = ((PromiseActorRef<T>, string))state!;
                    promise.Complete(p => p._completion.TrySetException(new AskTimeoutException(text)));
                },
                (this, description), timeout, Timeout.InfiniteTimeSpan);
        }
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.Register(() => Complete(p => p._completion.TrySetCanceled(cancellationToken)));
        }
    }

    public void Tell(object message, IActorRef? sender)
    {
        var completed = message switch
        {
            Status.Failure failure => Complete(p => p._completion.TrySetException(failure.Cause)),
            T reply => Complete(p => p._completion.TrySetResult(reply)),
            Status.Success { Status: T status } => Complete(p => p._completion.TrySetResult(status)),
            _ => Complete(p => p._completion.TrySetException(new InvalidCastException(
                $"Ask to [{_target.Path}] expected a reply of type {typeof(T).Name} but got {message.GetType().Name}."))),
        };
        if (!completed)
        {
            _system.DeadLettersRef.Publish(message, sender, this);
        }
    }

    public void SendSystemMessage(SystemMessage message)
    {
        if (message is Watch watch)
        {
            // Only answered once complete; a promise has no lasting life to watch.
            watch.Watcher.SendSystemMessage(new DeathWatchNotification(this, existenceConfirmed: false));
        }
    }

    private bool Complete(Func<PromiseActorRef<T>, bool> complete)
    {
        if (!complete(this))
        {
            return false;
        }
        _timer?.Dispose();
        _cancellation.Dispose();
        return true;
    }

    public override string ToString() => $"[{Path}]";
}
