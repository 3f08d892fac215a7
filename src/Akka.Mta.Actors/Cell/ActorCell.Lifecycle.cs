namespace Akka.Mta.Actors;

/// <summary>Create, restart and stop, driven by system messages.</summary>
internal sealed partial class ActorCell
{
    private bool _suspended;
    private bool _terminating;
    private volatile bool _terminated;
    private Exception? _pendingRecreate;
    private object? _failedMessage;

    public bool IsTerminated => _terminated;

    public void SystemInvoke(SystemMessage message)
    {
        try
        {
            switch (message)
            {
                case Create:
                    HandleCreate();
                    break;
                case Terminate:
                    HandleTerminate();
                    break;
                case Recreate recreate:
                    HandleRecreate(recreate.Cause);
                    break;
                case Resume:
                    HandleResume();
                    break;
                case Failed failed:
                    HandleChildFailed(failed);
                    break;
                case Watch watch:
                    HandleWatch(watch);
                    break;
                case Unwatch unwatch:
                    HandleUnwatch(unwatch);
                    break;
                case DeathWatchNotification notification:
                    HandleDeathWatchNotification(notification);
                    break;
                case ChildTerminated childTerminated:
                    HandleChildTerminated(childTerminated.Child);
                    break;
            }
        }
        catch (Exception exception)
        {
            System.Log.SystemMessageFailed(exception, message.GetType().Name, Self.Path.ToString());
        }
    }

    /// <summary>A system message that reached this cell after it stopped (any thread).</summary>
    public void SystemInvokeAfterStop(SystemMessage message)
    {
        switch (message)
        {
            case Watch watch:
                watch.Watcher.SendSystemMessage(new DeathWatchNotification(watch.Watchee, existenceConfirmed: true));
                break;
            case Failed failed:
                failed.Child.SendSystemMessage(Terminate.Instance);
                break;
        }
    }

    private void HandleCreate()
    {
        if (_terminating)
        {
            return;
        }
        try
        {
            CreateActorInstance();
            _actor!.AroundPreStart();
        }
        catch (Exception exception)
        {
            HandleInvokeFailure(new ActorInitializationException($"Actor {Self.Path} failed to start: {exception.Message}", exception));
        }
    }

    private void HandleResume()
    {
        if (_terminating)
        {
            return;
        }
        _suspended = false;
        _failedMessage = null;
        if (_escalatedChild is not null)
        {
            _escalatedChild.SendSystemMessage(Resume.Instance);
            _escalatedChild = null;
        }
    }

    private void HandleRecreate(Exception cause)
    {
        if (_terminating)
        {
            return;
        }
        var failed = _actor;
        if (failed is not null)
        {
            // Akka: the stash of the failed instance goes back to the front of the mailbox.
            CurrentStash?.UnstashAllToMailbox();
            _timers?.CancelAll();
            try
            {
                failed.AroundPreRestart(cause, _failedMessage);
            }
            catch (Exception exception)
            {
                System.Log.LifecycleHookFailed(exception, "PreRestart", Self.Path.ToString());
            }
        }
        _escalatedChild = null;
        _failedMessage = null;
        _actor = null;
        _pendingRecreate = cause;
        if (_stoppingChildren is null || _stoppingChildren.Count == 0)
        {
            FinishRecreate();
        }
    }

    private void FinishRecreate()
    {
        var cause = _pendingRecreate!;
        _pendingRecreate = null;
        _suspended = false;
        try
        {
            CreateActorInstance();
            _actor!.AroundPostRestart(cause);
        }
        catch (Exception exception)
        {
            HandleInvokeFailure(new ActorInitializationException($"Actor {Self.Path} failed to restart: {exception.Message}", exception));
        }
    }

    private void HandleTerminate()
    {
        if (_terminating)
        {
            return;
        }
        _terminating = true;
        _timers?.CancelAll();
        CancelReceiveTimeout();
        UnwatchAll();
        var children = _children;
        foreach (var child in children.Values)
        {
            (_stoppingChildren ??= []).Add(child);
            child.SendSystemMessage(Terminate.Instance);
        }
        if (children.IsEmpty)
        {
            FinishTerminate();
        }
    }

    private void FinishTerminate()
    {
        if (_terminated)
        {
            return;
        }
        var actor = _actor;
        if (actor is not null)
        {
            try
            {
                actor.AroundPostStop();
            }
            catch (Exception exception)
            {
                System.Log.LifecycleHookFailed(exception, "PostStop", Self.Path.ToString());
            }
        }
        CurrentStash?.DropAllToDeadLetters();
        DropUnstashedToDeadLetters();
        // Unsubscribe first: a subscriber to DeadLetter must not be sent its own dead letters.
        System.EventStream.Unsubscribe(Self);
        _terminated = true;
        _actor = null;
        _receive = null;
        _behaviors.Clear();
        Mailbox.Close();
        _parent.SendSystemMessage(new ChildTerminated(Self));
        NotifyWatchers();
    }
}
