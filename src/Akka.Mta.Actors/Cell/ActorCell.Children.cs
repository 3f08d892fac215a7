using System.Collections.Immutable;

namespace Akka.Mta.Actors;

/// <summary>Child actors: creation with unique names, lookup, stop and their termination.</summary>
internal sealed partial class ActorCell
{
    // Swapped with compare-and-exchange: the guardians' children are created from any thread.
    private ImmutableDictionary<string, LocalActorRef> _children = ImmutableDictionary<string, LocalActorRef>.Empty;
    private HashSet<IInternalActorRef>? _stoppingChildren;
    private long _nextChildId;

    public IEnumerable<IActorRef> Children => Volatile.Read(ref _children).Values;

    public IEnumerable<IActorRef> GetChildren() => Children;

    internal bool HasChildren => !Volatile.Read(ref _children).IsEmpty;

    public IActorRef ActorOf(Props props, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(props);
        if (_terminating || _terminated)
        {
            throw new InvalidOperationException($"Cannot create a child of {Self.Path}: it is stopping.");
        }
        if (name is null)
        {
            name = "$" + Base36(Interlocked.Increment(ref _nextChildId));
        }
        else
        {
            ActorPath.ValidateName(name);
        }
        var cell = new ActorCell(System, props, Self.Path / name, Self);
        while (true)
        {
            var current = Volatile.Read(ref _children);
            if (current.ContainsKey(name))
            {
                throw new InvalidActorNameException($"Actor name [{name}] is not unique under {Self.Path}.");
            }
            if (ReferenceEquals(Interlocked.CompareExchange(ref _children, current.Add(name, cell.Self), current), current))
            {
                break;
            }
        }
        cell.Mailbox.PostSystem(Create.Instance);
        return cell.Self;
    }

    public IActorRef Child(string name) =>
        Volatile.Read(ref _children).TryGetValue(name, out var child) ? child : ActorRefs.Nobody;

    public void Stop(IActorRef actor)
    {
        if (actor is not IInternalActorRef target)
        {
            return;
        }
        if (ReferenceEquals(target, Self))
        {
            Mailbox.PostSystem(Terminate.Instance);
            return;
        }
        if (ReferenceEquals(Current, this) && IsChild(target))
        {
            (_stoppingChildren ??= []).Add(target);
        }
        target.SendSystemMessage(Terminate.Instance);
    }

    private bool IsChild(IInternalActorRef actor) =>
        Volatile.Read(ref _children).TryGetValue(actor.Path.Name, out var child) && ReferenceEquals(child, actor);

    private void HandleChildTerminated(IInternalActorRef child)
    {
        while (true)
        {
            var current = Volatile.Read(ref _children);
            if (!current.TryGetValue(child.Path.Name, out var existing) || !ReferenceEquals(existing, child))
            {
                break;
            }
            if (ReferenceEquals(Interlocked.CompareExchange(ref _children, current.Remove(child.Path.Name), current), current))
            {
                break;
            }
        }
        _stoppingChildren?.Remove(child);
        _restartStats?.Remove(child);
        if (ReferenceEquals(_escalatedChild, child))
        {
            _escalatedChild = null;
        }
        if (_terminating)
        {
            if (Volatile.Read(ref _children).IsEmpty)
            {
                FinishTerminate();
            }
        }
        else if (_pendingRecreate is not null && (_stoppingChildren is null || _stoppingChildren.Count == 0))
        {
            FinishRecreate();
        }
    }

    internal void Describe(List<string> lines, int depth)
    {
        if (_terminated)
        {
            return;
        }
        lines.Add($"{new string(' ', depth * 2)}{Self.Path.ToStringWithoutAddress()} actor={_actor?.GetType().Name ?? "none"} " +
            $"terminating={_terminating} suspended={_suspended} awaiting={IsAwaitingTask} recreating={_pendingRecreate is not null} " +
            $"stoppingChildren={_stoppingChildren?.Count ?? 0} {Mailbox.Describe()}");
        foreach (var child in Volatile.Read(ref _children).Values)
        {
            child.Cell.Describe(lines, depth + 1);
        }
    }

    private static string Base36(long value)
    {
        const string digits = "abcdefghijklmnopqrstuvwxyz0123456789";
        Span<char> buffer = stackalloc char[16];
        var i = buffer.Length;
        do
        {
            buffer[--i] = digits[(int)(value % 36)];
            value /= 36;
        }
        while (value > 0);
        return new string(buffer[i..]);
    }
}
