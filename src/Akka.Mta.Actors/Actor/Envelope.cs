namespace Akka.Mta.Actors;

/// <summary>A user message with its sender, as queued in a mailbox or a stash.</summary>
public readonly struct Envelope
{
    public Envelope(object message, IActorRef? sender)
    {
        Message = message;
        Sender = sender;
    }

    public object Message { get; }

    public IActorRef? Sender { get; }

    public override string ToString() => $"<{Message}> from {Sender?.ToString() ?? "NoSender"}";
}
