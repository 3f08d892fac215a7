namespace Akka.Mta.Actors.TestKit;

/// <summary>Async forms for async tests: they wait without blocking a thread.</summary>
public sealed partial class TestProbe
{
    public async Task<T> ExpectMsgAsync<T>(Predicate<T>? predicate = null, TimeSpan? timeout = null, string? hint = null)
    {
        var limit = _timing.Resolve(timeout);
        var envelope = await ReceiveEnvelopeAsync(limit).ConfigureAwait(false) ?? throw new TestKitAssertionException(
            $"Timeout ({limit.TotalMilliseconds:0} ms) waiting for a message of type {typeof(T).Name}{Hint(hint)} at {Ref.Path}.");
        return Check(envelope.Message, predicate ?? (static _ => true), hint);
    }

    public async Task ExpectNoMsgAsync(TimeSpan? duration = null)
    {
        var window = duration is { } d ? _timing.Dilated(d) : _timing.DefaultNoMessageWindow;
        if (await ReceiveEnvelopeAsync(window).ConfigureAwait(false) is { } unexpected)
        {
            throw new TestKitAssertionException($"Expected no message at {Ref.Path} for {window.TotalMilliseconds:0} ms but got {Describe(unexpected.Message)}.");
        }
    }

    public Task<Terminated> ExpectTerminatedAsync(IActorRef target, TimeSpan? timeout = null) =>
        ExpectMsgAsync<Terminated>(t => t.ActorRef.Equals(target), timeout, $"for {target.Path}");

    private async Task<Envelope?> ReceiveEnvelopeAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            do
            {
                if (_queue.Reader.TryRead(out var envelope))
                {
                    LastMessage = envelope.Message;
                    LastSender = envelope.Sender ?? ActorRefs.Nobody;
                    return envelope;
                }
            }
            while (await _queue.Reader.WaitToReadAsync(cancellation.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
        }
        return null;
    }
}
