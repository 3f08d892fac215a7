using System.Diagnostics;
using System.Threading.Channels;

namespace Akka.Mta.Actors.TestKit;

/// <summary>
/// An actor the test reads from: what is told to <see cref="Ref"/> queues up, and the Expect
/// methods take it off in order, waiting at most their timeout (wall clock, dilated).
/// </summary>
public sealed partial class TestProbe
{
    private readonly Channel<Envelope> _queue = Channel.CreateUnbounded<Envelope>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = true });
    private readonly TestKitTiming _timing;

    internal TestProbe(ActorSystem system, TestKitTiming timing, string name)
    {
        _timing = timing;
        System = system;
        Ref = system.SystemActorOf(Props.Create(() => new ProbeActor(_queue.Writer)), name);
    }

    public ActorSystem System { get; }

    /// <summary>The probe's actor ref: tell it messages, use it as a sender.</summary>
    public IActorRef Ref { get; }

    /// <summary>The sender of the last received message (dead letters when it had none).</summary>
    public IActorRef LastSender { get; private set; } = ActorRefs.Nobody;

    public IActorRef Sender => LastSender;

    /// <summary>The last received message.</summary>
    public object? LastMessage { get; private set; }

    public bool HasMessages => _queue.Reader.Count > 0;

    /// <summary>Tells <paramref name="message"/> to <paramref name="target"/> with this probe as sender.</summary>
    public void Send(IActorRef target, object message) => target.Tell(message, Ref);

    /// <summary>Replies to the last sender with this probe as sender.</summary>
    public void Reply(object message) => LastSender.Tell(message, Ref);

    /// <summary>Forwards the last message to <paramref name="target"/>, keeping its sender.</summary>
    public void Forward(IActorRef target) =>
        target.Tell(LastMessage ?? throw new TestKitAssertionException("Forward: the probe has received no message yet."), LastSender);

    public T ExpectMsg<T>(TimeSpan? timeout = null) => ExpectMsg<T>(static _ => true, timeout, null);

    /// <summary>The next message must equal <paramref name="expected"/>.</summary>
    public T ExpectMsg<T>(T expected, TimeSpan? timeout = null) =>
        ExpectMsg<T>(m => EqualityComparer<T>.Default.Equals(m, expected), timeout, $"equal to {expected}");

    /// <summary>The next message must be a <typeparamref name="T"/> matching <paramref name="predicate"/>.</summary>
    public T ExpectMsg<T>(Predicate<T> predicate, TimeSpan? timeout = null, string? hint = null)
    {
        var limit = _timing.Resolve(timeout);
        var envelope = ReceiveEnvelope(limit) ?? throw new TestKitAssertionException(
            $"Timeout ({limit.TotalMilliseconds:0} ms) waiting for a message of type {typeof(T).Name}{Hint(hint)} at {Ref.Path}.");
        return Check(envelope.Message, predicate, hint);
    }

    /// <summary>Fails if a message arrives within <paramref name="duration"/> (default: a short window).</summary>
    public void ExpectNoMsg(TimeSpan? duration = null)
    {
        var window = duration is { } d ? _timing.Dilated(d) : _timing.DefaultNoMessageWindow;
        if (ReceiveEnvelope(window) is { } unexpected)
        {
            throw new TestKitAssertionException($"Expected no message at {Ref.Path} for {window.TotalMilliseconds:0} ms but got {Describe(unexpected.Message)}.");
        }
    }

    /// <summary>The next message of any type, or a failure after the timeout.</summary>
    public object ReceiveOne(TimeSpan? timeout = null)
    {
        var limit = _timing.Resolve(timeout);
        return ReceiveEnvelope(limit)?.Message ?? throw new TestKitAssertionException($"Timeout ({limit.TotalMilliseconds:0} ms) waiting for a message at {Ref.Path}.");
    }

    /// <summary>The next <paramref name="count"/> messages, all within <paramref name="timeout"/>.</summary>
    public IReadOnlyList<object> ReceiveN(int count, TimeSpan? timeout = null)
    {
        var limit = _timing.Resolve(timeout);
        var start = Stopwatch.GetTimestamp();
        var received = new List<object>(count);
        while (received.Count < count)
        {
            var left = limit - Stopwatch.GetElapsedTime(start);
            var envelope = ReceiveEnvelope(left < TimeSpan.Zero ? TimeSpan.Zero : left) ?? throw new TestKitAssertionException(
                $"Timeout ({limit.TotalMilliseconds:0} ms) at {Ref.Path}: received {received.Count} of {count} messages: [{string.Join(", ", received.Select(Describe))}].");
            received.Add(envelope.Message);
        }
        return received;
    }

    /// <summary>Skips messages until one is a <typeparamref name="T"/> matching <paramref name="isMessage"/>.</summary>
    public T FishForMessage<T>(Predicate<T> isMessage, TimeSpan? max = null, string? hint = null)
    {
        var limit = _timing.Resolve(max);
        var start = Stopwatch.GetTimestamp();
        var skipped = new List<object>();
        while (true)
        {
            var left = limit - Stopwatch.GetElapsedTime(start);
            var envelope = ReceiveEnvelope(left < TimeSpan.Zero ? TimeSpan.Zero : left) ?? throw new TestKitAssertionException(
                $"Timeout ({limit.TotalMilliseconds:0} ms) fishing for {typeof(T).Name}{Hint(hint)} at {Ref.Path}; skipped [{string.Join(", ", skipped.Select(Describe))}].");
            if (envelope.Message is T typed && isMessage(typed))
            {
                return typed;
            }
            skipped.Add(envelope.Message);
        }
    }

    public object FishForMessage(Predicate<object> isMessage, TimeSpan? max = null, string? hint = null) =>
        FishForMessage<object>(isMessage, max, hint);

    /// <summary>Watches <paramref name="actor"/> from this probe (returns once the watch is in place).</summary>
    public IActorRef Watch(IActorRef actor)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Ref.Tell(new ProbeWatch(actor, done), null);
        WaitFor(done.Task, "watch " + actor.Path);
        return actor;
    }

    public IActorRef Unwatch(IActorRef actor)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Ref.Tell(new ProbeUnwatch(actor, done), null);
        WaitFor(done.Task, "unwatch " + actor.Path);
        return actor;
    }

    /// <summary>The next message must be <see cref="Terminated"/> for <paramref name="target"/> (watch it first).</summary>
    public Terminated ExpectTerminated(IActorRef target, TimeSpan? timeout = null) =>
        ExpectMsg<Terminated>(t => t.ActorRef.Equals(target), timeout, $"for {target.Path}");

    private void WaitFor(Task task, string what)
    {
        if (!task.Wait(_timing.DefaultTimeout))
        {
            throw new TestKitAssertionException($"Timeout waiting for the probe {Ref.Path} to {what}.");
        }
    }

    private Envelope? ReceiveEnvelope(TimeSpan timeout)
    {
        var reader = _queue.Reader;
        var start = Stopwatch.GetTimestamp();
        while (true)
        {
            if (reader.TryRead(out var envelope))
            {
                LastMessage = envelope.Message;
                LastSender = envelope.Sender ?? ActorRefs.Nobody;
                return envelope;
            }
            var left = timeout - Stopwatch.GetElapsedTime(start);
            if (left <= TimeSpan.Zero || !reader.WaitToReadAsync().AsTask().Wait(left))
            {
                return null;
            }
        }
    }

    private T Check<T>(object message, Predicate<T> predicate, string? hint)
    {
        if (message is not T typed)
        {
            throw new TestKitAssertionException($"Expected a message of type {typeof(T).Name}{Hint(hint)} at {Ref.Path} but got {Describe(message)}.");
        }
        if (!predicate(typed))
        {
            throw new TestKitAssertionException($"The message {Describe(message)} at {Ref.Path} did not match{Hint(hint)}.");
        }
        return typed;
    }

    private static string Hint(string? hint) => hint is null ? "" : $" ({hint})";

    private static string Describe(object message) => $"{message.GetType().Name} {message}";
}
