namespace Akka.Mta.Actors;

/// <summary>Unstashed messages wait here, in front of the mailbox queue.</summary>
internal sealed partial class ActorCell
{
    private LinkedList<Envelope>? _unstashed;

    private UnboundedStash? CurrentStash => _actor is IActorStash { Stash: UnboundedStash stash } ? stash : null;

    internal bool HasUnstashed => _unstashed is { Count: > 0 };

    internal void Prepend(IReadOnlyList<Envelope> envelopes)
    {
        if (envelopes.Count == 0)
        {
            return;
        }
        _unstashed ??= new LinkedList<Envelope>();
        for (var i = envelopes.Count - 1; i >= 0; i--)
        {
            _unstashed.AddFirst(envelopes[i]);
        }
    }

    internal bool TryTakeUnstashed(out Envelope envelope)
    {
        if (_unstashed is { First: { } first })
        {
            envelope = first.Value;
            _unstashed.RemoveFirst();
            return true;
        }
        envelope = default;
        return false;
    }

    private void DropUnstashedToDeadLetters()
    {
        while (TryTakeUnstashed(out var envelope))
        {
            System.DeadLettersRef.Publish(envelope.Message, envelope.Sender, Self);
        }
    }
}
