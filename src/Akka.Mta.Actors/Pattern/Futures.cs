namespace Akka.Mta.Actors;

/// <summary>Ask: send a message with a temporary sender and await its reply.</summary>
public static class Futures
{
    public static Task<object> Ask(this ICanTell receiver, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Ask<object>(receiver, _ => message, timeout, cancellationToken);

    /// <summary>
    /// Sends <paramref name="message"/> and completes with the first reply. Fails with
    /// <see cref="AskTimeoutException"/> after <paramref name="timeout"/> (default
    /// <see cref="ActorSystemSettings.AskTimeout"/>), with the cause of a <see cref="Status.Failure"/>
    /// reply, or with <see cref="InvalidCastException"/> for a reply that is not a <typeparamref name="T"/>.
    /// </summary>
    public static Task<T> Ask<T>(this ICanTell receiver, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Ask<T>(receiver, _ => message, timeout, cancellationToken);

    /// <summary>As Ask, building the message with the temporary reply-to ref.</summary>
    public static Task<T> Ask<T>(this ICanTell receiver, Func<IActorRef, object> messageFactory, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(messageFactory);
        if (receiver is not IInternalActorRef target)
        {
            throw new ArgumentException($"Ask needs an actor ref of an actor system, not {receiver.GetType().Name}.", nameof(receiver));
        }
        var system = target.System;
        var limit = timeout ?? system.Settings.AskTimeout;
        if (limit <= TimeSpan.Zero && limit != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), limit, "An Ask timeout must be positive (or infinite).");
        }
        var promise = new PromiseActorRef<T>(system, target);
        var message = messageFactory(promise);
        promise.Start(message, limit, cancellationToken);
        target.Tell(message, promise);
        return promise.Task;
    }
}
