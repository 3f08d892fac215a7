namespace Akka.Mta.Actors;

/// <summary>The stash of one actor incarnation; it touches only its cell, on the actor's thread.</summary>
internal sealed class UnboundedStash(ActorCell cell) : IStash
{
    private readonly LinkedList<Envelope> _stashed = new();
    private object? _lastStashed;

    public int Count => _stashed.Count;

    public bool IsEmpty => _stashed.Count == 0;

    public void Stash()
    {
        var envelope = cell.CurrentEnvelope;
        if (envelope.Message is null)
        {
            throw new IllegalActorStateException($"{cell.Self.Path}: there is no current message to stash.");
        }
        if (ReferenceEquals(_lastStashed, envelope.Message) && _stashed.Last is { } last && ReferenceEquals(last.Value.Message, envelope.Message))
        {
            throw new IllegalActorStateException($"{cell.Self.Path}: the message {envelope.Message.GetType().Name} is already stashed.");
        }
        _lastStashed = envelope.Message;
        _stashed.AddLast(envelope);
    }

    public void Unstash()
    {
        if (_stashed.First is { } first)
        {
            _stashed.RemoveFirst();
            cell.Prepend([first.Value]);
        }
    }

    public void UnstashAll() => UnstashAll(static _ => true);

    public void UnstashAll(Func<Envelope, bool> predicate)
    {
        var chosen = new List<Envelope>();
        for (var node = _stashed.First; node is not null;)
        {
            var next = node.Next;
            if (predicate(node.Value))
            {
                chosen.Add(node.Value);
                _stashed.Remove(node);
            }
            node = next;
        }
        _lastStashed = null;
        cell.Prepend(chosen);
    }

    public IEnumerable<Envelope> ClearStash()
    {
        var all = _stashed.ToList();
        _stashed.Clear();
        _lastStashed = null;
        return all;
    }

    internal void UnstashAllToMailbox() => UnstashAll();

    internal void DropAllToDeadLetters()
    {
        foreach (var envelope in ClearStash())
        {
            cell.System.DeadLettersRef.Publish(envelope.Message, envelope.Sender, cell.Self);
        }
    }
}
