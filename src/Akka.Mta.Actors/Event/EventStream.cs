using System.Collections.Concurrent;

namespace Akka.Mta.Actors;

/// <summary>
/// Publish/subscribe by type: a subscriber to a type gets every published event assignable to it.
/// Publishing is lock-free (a cached array of subscribers per event type); subscribing is rare and
/// copies. Stopped actors are unsubscribed automatically.
/// </summary>
public sealed class EventStream
{
    private readonly object _gate = new();
    private readonly ConcurrentDictionary<Type, IActorRef[]> _byEventType = new();
    private (Type Channel, IActorRef Subscriber)[] _subscriptions = [];

    public bool Subscribe(IActorRef subscriber, Type channel)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(channel);
        lock (_gate)
        {
            if (_subscriptions.Any(s => s.Channel == channel && s.Subscriber.Equals(subscriber)))
            {
                return false;
            }
            _subscriptions = [.. _subscriptions, (channel, subscriber)];
            _byEventType.Clear();
            return true;
        }
    }

    public bool Subscribe<TEvent>(IActorRef subscriber) => Subscribe(subscriber, typeof(TEvent));

    public bool Unsubscribe(IActorRef subscriber, Type channel) =>
        Remove(s => s.Channel == channel && s.Subscriber.Equals(subscriber));

    /// <summary>Removes every subscription of <paramref name="subscriber"/>.</summary>
    public bool Unsubscribe(IActorRef subscriber) => Remove(s => s.Subscriber.Equals(subscriber));

    public void Publish(object @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var type = @event.GetType();
        if (!_byEventType.TryGetValue(type, out var subscribers))
        {
            subscribers = Resolve(type);
        }
        foreach (var subscriber in subscribers)
        {
            subscriber.Tell(@event, null);
        }
    }

    private IActorRef[] Resolve(Type eventType)
    {
        lock (_gate)
        {
            var subscribers = _subscriptions.Where(s => s.Channel.IsAssignableFrom(eventType)).Select(s => s.Subscriber).Distinct().ToArray();
            _byEventType[eventType] = subscribers;
            return subscribers;
        }
    }

    private bool Remove(Func<(Type Channel, IActorRef Subscriber), bool> match)
    {
        lock (_gate)
        {
            var kept = _subscriptions.Where(s => !match(s)).ToArray();
            if (kept.Length == _subscriptions.Length)
            {
                return false;
            }
            _subscriptions = kept;
            _byEventType.Clear();
            return true;
        }
    }
}
