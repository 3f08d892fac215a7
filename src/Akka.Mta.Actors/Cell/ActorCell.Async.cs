namespace Akka.Mta.Actors;

/// <summary>
/// Async receive: while a handler's task runs, the mailbox processes nothing (not even system
/// messages), and the handler's continuations run as this actor (Sender, implicit sender and
/// state are safe), as with Akka's ActorTaskScheduler.
/// </summary>
internal sealed partial class ActorCell
{
    private Task? _pendingTask;
    private volatile bool _awaitingTask;
    private ActorSynchronizationContext? _synchronizationContext;
    private Action? _onTaskCompleted;

    public bool IsAwaitingTask => _awaitingTask;

    internal ActorSynchronizationContext SyncContext => _synchronizationContext ??= new ActorSynchronizationContext(this);

    public void RunTask(Func<Task> action)
    {
        if (_pendingTask is not null)
        {
            throw new IllegalActorStateException($"{Self.Path}: only one async step can run per message.");
        }
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(SyncContext);
        Task task;
        try
        {
            task = action();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
        if (task.IsCompletedSuccessfully)
        {
            return;
        }
        if (task.IsCompleted)
        {
            task.GetAwaiter().GetResult();
            return;
        }
        _pendingTask = task;
    }

    private void BeginAwait()
    {
        _awaitingTask = true;
        var task = _pendingTask!;
        task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onTaskCompleted ??= OnTaskCompleted);
    }

    private void OnTaskCompleted()
    {
        var task = _pendingTask!;
        _pendingTask = null;
        var previous = Current;
        Current = this;
        try
        {
            if (!task.IsCompletedSuccessfully)
            {
                try
                {
                    task.GetAwaiter().GetResult();
                }
                catch (Exception exception)
                {
                    HandleInvokeFailure(exception);
                }
            }
        }
        finally
        {
            Current = previous;
        }
        // Last: from here another run may process this actor's next message.
        _awaitingTask = false;
        Mailbox.TrySchedule();
    }

    internal void RunContinuation(SendOrPostCallback callback, object? state)
    {
        var previousCell = Current;
        var previousContext = SynchronizationContext.Current;
        Current = this;
        SynchronizationContext.SetSynchronizationContext(_synchronizationContext);
        try
        {
            callback(state);
        }
        catch (Exception exception)
        {
            // Only async void lands here: never let it take the process down.
            System.Log.AsyncContinuationFailed(exception, Self.Path.ToString());
        }
        finally
        {
            Current = previousCell;
            SynchronizationContext.SetSynchronizationContext(previousContext);
        }
    }
}

/// <summary>Posts an actor's async continuations to the thread pool, running them as that actor.</summary>
internal sealed class ActorSynchronizationContext(ActorCell cell) : SynchronizationContext
{
    public override void Post(SendOrPostCallback d, object? state) =>
        ThreadPool.UnsafeQueueUserWorkItem(static s => s.cell.RunContinuation(s.d, s.state), (cell, d, state), preferLocal: false);

    public override void Send(SendOrPostCallback d, object? state) => cell.RunContinuation(d, state);

    public override SynchronizationContext CreateCopy() => this;
}
