using Akka.Mta.Actors;
using Akka.Mta.Persistence.Journal;

namespace Akka.Mta.Persistence.Actors;

/// <summary>Persist and PersistAll: events queued by a command, appended atomically when it returns.</summary>
public abstract partial class PersistentActor
{
    private readonly List<PendingEvent> _pending = [];
    private bool _inCommand;

    private sealed record PendingEvent(object Event, SerializedValue Serialized, Action<object> Handler);

    /// <summary>
    /// Persists <paramref name="event"/>; once it is durable, <paramref name="handler"/> runs (with the
    /// command's Sender) before any other message. Only inside a Command handler or an event handler.
    /// </summary>
    protected void Persist<TEvent>(TEvent @event, Action<TEvent> handler) where TEvent : notnull
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (!_inCommand)
        {
            throw new InvalidOperationException(
                $"\"{PersistenceId}\": Persist is allowed only inside a Command handler or a persist handler, not while {(IsRecovering ? "recovering" : "handling a plain Receive")}");
        }
        // Serialized now, on the actor's thread, so later changes to the event cannot leak into the journal.
        _pending.Add(new PendingEvent(@event, Serializer.Serialize(@event), e => handler((TEvent)e)));
    }

    /// <summary>Persists several events atomically; <paramref name="handler"/> runs for each, in order.</summary>
    protected void PersistAll<TEvent>(IEnumerable<TEvent> events, Action<TEvent> handler) where TEvent : notnull
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var @event in events)
        {
            Persist(@event, handler);
        }
    }

    private void RunCommand(Action handle)
    {
        _inCommand = true;
        try
        {
            handle();
        }
        catch
        {
            _pending.Clear();
            throw;
        }
        finally
        {
            _inCommand = false;
        }
        if (_pending.Count > 0)
        {
            RunTask(PersistPendingAsync);
        }
    }

    /// <summary>Appends what is pending in one write, then runs the handlers, which may persist more.</summary>
    private async Task PersistPendingAsync()
    {
        while (_pending.Count > 0)
        {
            var batch = _pending.ToArray();
            _pending.Clear();
            var now = _time.GetUtcNow();
            var first = LastSequenceNr + 1;
            var events = batch
                .Select((p, i) => new JournalEvent(first + i, now, p.Serialized.Manifest, p.Serialized.Payload))
                .ToArray();
            try
            {
                await _journal.AppendAsync(PersistenceId, events);
            }
            catch (Exception cause)
            {
                OnPersistFailure(cause, batch[0].Event, first);
                return;
            }
            LastSequenceNr = first + batch.Length - 1;
            _inCommand = true;
            try
            {
                foreach (var pending in batch)
                {
                    pending.Handler(pending.Event);
                }
            }
            finally
            {
                _inCommand = false;
            }
        }
    }
}
