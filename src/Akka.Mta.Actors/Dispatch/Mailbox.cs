using System.Collections.Concurrent;

namespace Akka.Mta.Actors;

/// <summary>
/// An actor's mailbox: two lock-free queues (system messages first, then user messages) and a
/// status word. Posting to an idle mailbox schedules it once onto the thread pool; a run then
/// processes up to <c>throughput</c> user messages before yielding the thread, like Akka's dispatcher.
/// No locks and no allocation per message beyond the queue's segments (one per 1024 messages).
/// </summary>
internal sealed class Mailbox : IThreadPoolWorkItem
{
    private const int Idle = 0;
    private const int Scheduled = 1;
    private const int Closed = 2;

    private readonly MpscQueue<Envelope> _user = new();
    private readonly ConcurrentQueue<SystemMessage> _system = new();
    private readonly int _throughput;
    private readonly ActorCell _cell;
    private int _status;
    private int _draining;
    private int _hasSystem;

    public Mailbox(ActorCell cell, int throughput)
    {
        _cell = cell;
        _throughput = throughput;
    }

    public bool IsClosed => (Volatile.Read(ref _status) & Closed) != 0;

    public int UserCount => _user.Count;

    public void Post(Envelope envelope)
    {
        _user.Enqueue(envelope);
        var status = Volatile.Read(ref _status);
        if (status == Idle)
        {
            TrySchedule();
        }
        else if ((status & Closed) != 0)
        {
            DrainUserToDeadLetters();
        }
    }

    public void PostSystem(SystemMessage message)
    {
        _system.Enqueue(message);
        // A full fence (not a plain volatile store) before reading the status: a run going idle
        // either sees this flag or is seen idle here, never neither (a lost system message).
        Interlocked.Exchange(ref _hasSystem, 1);
        var status = Volatile.Read(ref _status);
        if (status == Idle)
        {
            TrySchedule();
        }
        else if ((status & Closed) != 0)
        {
            DrainSystemAfterClose();
        }
    }

    /// <summary>Schedules a run unless one is scheduled or running (called after a resume, too).</summary>
    public void TrySchedule()
    {
        if (Interlocked.CompareExchange(ref _status, Scheduled, Idle) == Idle)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
        }
    }

    /// <summary>Marks the mailbox closed (the actor stopped): what is queued or arrives later becomes dead letters.</summary>
    public void Close()
    {
        Interlocked.Or(ref _status, Closed);
        DrainUserToDeadLetters();
        DrainSystemAfterClose();
    }

    internal string Describe() =>
        $"mailbox(status={Volatile.Read(ref _status)} user={_user.Count} system={_system.Count} hasSystem={Volatile.Read(ref _hasSystem)})";

    void IThreadPoolWorkItem.Execute() => Run();

    private void Run()
    {
        var cell = _cell;
        var previous = ActorCell.Current;
        var previousContext = SynchronizationContext.Current;
        ActorCell.Current = cell;
        // Continuations (and async void failures) of handlers run as this actor, never crash the process.
        SynchronizationContext.SetSynchronizationContext(cell.SyncContext);
        try
        {
            if (!cell.IsAwaitingTask)
            {
                ProcessSystemMessages();
                var left = _throughput;
                while (left-- > 0 && cell.CanProcessUserMessages && !cell.IsAwaitingTask)
                {
                    if (!cell.TryTakeUnstashed(out var envelope) && !_user.TryDequeue(out envelope))
                    {
                        break;
                    }
                    cell.Invoke(envelope);
                    if (Volatile.Read(ref _hasSystem) != 0 && !cell.IsAwaitingTask)
                    {
                        ProcessSystemMessages();
                    }
                }
            }
        }
        finally
        {
            ActorCell.Current = previous;
            SynchronizationContext.SetSynchronizationContext(previousContext);
        }
        if (IsClosed)
        {
            return;
        }
        if (!cell.IsAwaitingTask && cell.HasUnstashed)
        {
            // Only this run adds unstashed messages, so checking before going idle is race-free.
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
            return;
        }
        Interlocked.Exchange(ref _status, Idle);
        if (HasWork())
        {
            TrySchedule();
        }
    }

    private bool HasWork()
    {
        if (_cell.IsAwaitingTask)
        {
            return false;
        }
        return Volatile.Read(ref _hasSystem) != 0 || !_system.IsEmpty || (_cell.CanProcessUserMessages && !_user.IsEmpty);
    }

    private void ProcessSystemMessages()
    {
        Volatile.Write(ref _hasSystem, 0);
        while (!IsClosed && !_cell.IsAwaitingTask && _system.TryDequeue(out var message))
        {
            _cell.SystemInvoke(message);
        }
        if (!_system.IsEmpty)
        {
            Volatile.Write(ref _hasSystem, 1);
        }
    }

    private void DrainUserToDeadLetters()
    {
        // After close any poster may drain: the flag keeps the queue single-consumer.
        while (!_user.IsEmpty && Interlocked.Exchange(ref _draining, 1) == 0)
        {
            try
            {
                while (_user.TryDequeue(out var envelope))
                {
                    _cell.System.DeadLettersRef.Publish(envelope.Message, envelope.Sender, _cell.Self);
                }
            }
            finally
            {
                Interlocked.Exchange(ref _draining, 0);
            }
        }
    }

    private void DrainSystemAfterClose()
    {
        while (_system.TryDequeue(out var message))
        {
            _cell.SystemInvokeAfterStop(message);
        }
    }
}
