namespace Akka.Mta.Actors;

/// <summary>Death watch: who this actor watches and who watches it.</summary>
internal sealed partial class ActorCell
{
    private Dictionary<IActorRef, object?>? _watching;
    // Watcher -> the ref it watched us through (ours, or a decorating proxy's): Terminated names that ref.
    private Dictionary<IInternalActorRef, IActorRef>? _watchedBy;

    public IActorRef Watch(IActorRef subject) => WatchCore(subject, null);

    public IActorRef WatchWith(IActorRef subject, object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return WatchCore(subject, message);
    }

    private IActorRef WatchCore(IActorRef subject, object? message)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (subject is not IInternalActorRef target || ReferenceEquals(target, Self))
        {
            return subject;
        }
        _watching ??= [];
        var isNew = !_watching.ContainsKey(subject);
        _watching[subject] = message;
        if (isNew)
        {
            target.SendSystemMessage(new Watch(target, Self));
        }
        return subject;
    }

    public IActorRef Unwatch(IActorRef subject)
    {
        if (_watching is not null && _watching.Remove(subject) && subject is IInternalActorRef target)
        {
            target.SendSystemMessage(new Unwatch(target, Self));
        }
        return subject;
    }

    private void HandleWatch(Watch watch)
    {
        if (ReferenceEquals(watch.Watcher, Self))
        {
            return;
        }
        (_watchedBy ??= [])[watch.Watcher] = watch.Watchee;
    }

    private void HandleUnwatch(Unwatch unwatch) => _watchedBy?.Remove(unwatch.Watcher);

    private void HandleDeathWatchNotification(DeathWatchNotification notification)
    {
        if (_watching is null || !_watching.Remove(notification.Actor, out var custom) || _terminating)
        {
            return;
        }
        // Enqueued behind everything the dead actor sent us, as Akka does.
        Self.Tell(custom ?? new Terminated(notification.Actor, notification.ExistenceConfirmed, AddressTerminated: false), notification.Actor);
    }

    private void UnwatchAll()
    {
        if (_watching is null)
        {
            return;
        }
        foreach (var subject in _watching.Keys)
        {
            if (subject is IInternalActorRef target)
            {
                target.SendSystemMessage(new Unwatch(target, Self));
            }
        }
        _watching.Clear();
    }

    private void NotifyWatchers()
    {
        if (_watchedBy is null)
        {
            return;
        }
        foreach (var (watcher, watchee) in _watchedBy)
        {
            watcher.SendSystemMessage(new DeathWatchNotification(watchee, existenceConfirmed: true));
        }
        _watchedBy.Clear();
    }
}
