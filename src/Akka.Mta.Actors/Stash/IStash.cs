namespace Akka.Mta.Actors;

/// <summary>Set aside the current message and bring stashed ones back in front of the mailbox.</summary>
public interface IStash
{
    /// <summary>Stashes the message being processed (once per message).</summary>
    void Stash();

    /// <summary>Moves the oldest stashed message to the front of the mailbox.</summary>
    void Unstash();

    /// <summary>Moves every stashed message, in order, to the front of the mailbox.</summary>
    void UnstashAll();

    /// <summary>Moves the stashed messages that match, in order, to the front of the mailbox; the rest stay.</summary>
    void UnstashAll(Func<Envelope, bool> predicate);

    /// <summary>Empties the stash and returns what it held.</summary>
    IEnumerable<Envelope> ClearStash();

    int Count { get; }

    bool IsEmpty { get; }
}

/// <summary>An actor that stashes; the kernel sets <see cref="Stash"/> after the constructor, before PreStart.</summary>
public interface IActorStash
{
    IStash Stash { get; set; }
}

/// <summary>Akka.NET's name for an actor with an unbounded stash.</summary>
public interface IWithUnboundedStash : IActorStash;

/// <summary>An actor with a stash. On restart the stash goes back to the mailbox, as in Akka.</summary>
public interface IWithStash : IActorStash;
