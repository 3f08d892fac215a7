using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Mta.Core;
using Akka.Mta.Core.Queues;
using Akka.Mta.Core.Smtp;
using Akka.Mta.Delivery.Admin;
using Akka.Mta.Delivery.Outcomes;
using Akka.Mta.Delivery.Queueing;
using Akka.Mta.LogHooks;
using Akka.Mta.Policy.LogHooks;
using Microsoft.Extensions.Logging;

namespace Akka.Mta.Delivery.LogHooks;

/// <summary>
/// The egress path of one log hook (<c>source-&gt;&lt;name&gt;.log_hook@log_hook</c>): takes the records its
/// scheduled queue promotes, and publishes them through the hook's transport, one batch at a time
/// so each batch keeps queue order: a batch leaves when <c>batch_size</c> records are ready or the
/// oldest has waited <c>max_batch_latency</c>. Delivered: the records leave the spool (Delivery
/// records); rejected: they bounce (Bounce records, an error naming the hook); retry: the batch and
/// the records waiting behind it go back to the queue as transient failures, on the queue's retry
/// schedule. An admin path suspension holds the hook's records in their queue like mail's.
/// As for mail (see EgressPathActor): an offer of a record already held is dropped, bodies are loaded
/// under the offering incarnation's owner epoch (a superseded one gets its records back unpublished),
/// and on hand-off (<see cref="StopPath"/>) the ready records go back to their queue and the batch in
/// flight finishes before the path stops.
/// <code>
///   Idle --records ready, batch full or latency spent--> Sending --result--> Idle
/// </code>
/// </summary>
public sealed partial class LogHookPathActor : ReceiveActor, IWithTimers
{
    private const int MaxReady = 1024;

    private readonly string _name;
    private readonly string _hookName;
    private readonly EgressPathId _id;
    private readonly DeliveryServices _services;
    private readonly ILogger _logger;
    private readonly Queue<HookItem> _ready = new();
    private readonly HashSet<string> _holding = new(StringComparer.Ordinal);
    private bool _stopping;
    private readonly HashSet<string> _waitingQueues = new(StringComparer.Ordinal);
    private List<HookItem>? _inFlight;
    private ILogHookTransport? _transport;
    private LogHookDefinition? _transportFor;
    private PathControlsInForce? _controls;
    private (string Reason, DateTimeOffset Until)? _suspended;
    private int _consecutiveFailures;
    private string? _lastPool;

    public LogHookPathActor(string name, DeliveryServices services)
    {
        _name = name;
        _id = EgressPathId.Parse(name);
        LogHookDefinition.TryParseQueue(_id.Site, out _hookName);
        _services = services;
        _logger = services.LoggerFactory.CreateLogger<LogHookPathActor>();
        Receive<OfferMessages>(Offer);
        Receive<BatchSent>(Sent);
        Receive<HookPumpTick>(_ => Pump());
        Receive<PathControlsInForce>(Controls);
        Receive<ControlsAnnouncement.Tick>(_ => _services.AdminControls.Tell(new WatchPathControls(_name), Self));
        Receive<GetEgressPathState>(_ => Sender.Tell(State()));
        Receive<GetEgressPathDetail>(_ => Sender.Tell(Detail()));
        Receive<SetEgressPathOverrides>(_ => { }); // nothing to shape: a hook has one connection
        Receive<AdjustEgressPathOption>(_ => { });
        Receive<StopPath>(_ => HandOff());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now => _services.Time.GetUtcNow();

    protected override void PreStart() => ControlsAnnouncement.Start(Self, Timers);

    /// <summary>Stopped (hand-off, shutdown): what it holds goes back to the queue; a batch in flight may be published again (at least once).</summary>
    protected override void PostStop()
    {
        foreach (var item in _ready.Concat(_inFlight ?? []))
        {
            _services.Outcomes.Return(item.Message, notBefore: null);
        }
        _ready.Clear();
        if (_transport is { } transport)
        {
            _ = transport.DisposeAsync().AsTask();
        }
    }

    private void Offer(OfferMessages offer)
    {
        if (_stopping)
        {
            ReturnAll(offer.Messages);
            return;
        }
        if (offer.Messages.Any(m => _holding.Contains(m.Id)))
        {
            offer = offer with { Messages = offer.Messages.Where(m => !_holding.Contains(m.Id)).ToList() };
        }
        _lastPool = offer.EgressPool;
        if (Suspended() is { } suspension)
        {
            _waitingQueues.Add(offer.Queue);
            Reply(offer.Queue, new ReturnedFromPath(_name, offer.Messages, "suspended: " + suspension.Reason, suspension.Until));
            return;
        }
        var room = Math.Max(0, MaxReady - _ready.Count);
        var now = Now;
        foreach (var message in offer.Messages.Take(room))
        {
            _ready.Enqueue(new HookItem(message, offer.EgressPool, now));
            _holding.Add(message.Id);
        }
        if (offer.Messages.Count > room)
        {
            _waitingQueues.Add(offer.Queue);
            Reply(offer.Queue, new ReturnedFromPath(_name, offer.Messages.Skip(room).ToList(), "ready queue full", null));
        }
        Pump();
    }

    private void Pump()
    {
        if (_controls is null || _inFlight is not null || Suspended() is not null || _ready.Count == 0)
        {
            return;
        }
        var hook = _services.LogHookPolicy?.LogHooks.FirstOrDefault(h => h.Name == _hookName);
        if (hook is null)
        {
            // Configured once, gone from the policy now: the records wait on the retry schedule for it to come back.
            LogNotConfigured(_logger, _hookName, _ready.Count);
            FailReady(SmtpResponse.Internal(451, new EnhancedStatusCode(4, 3, 5), $"log hook {_hookName} is not configured in the policy"));
            return;
        }
        var waited = Now - _ready.Peek().ReadySince;
        if (_ready.Count < hook.BatchSize && waited < hook.MaxBatchLatency)
        {
            Timers.StartSingleTimer("batch", HookPumpTick.Instance, hook.MaxBatchLatency - waited);
            return;
        }
        Timers.Cancel("batch");
        var batch = new List<HookItem>(Math.Min(hook.BatchSize, _ready.Count));
        while (batch.Count < hook.BatchSize && _ready.TryDequeue(out var item))
        {
            batch.Add(item);
        }
        // Queue order: by creation, then id (spool ids grow with time).
        batch.Sort((a, b) => a.Message.Created != b.Message.Created
            ? a.Message.Created.CompareTo(b.Message.Created)
            : string.CompareOrdinal(a.Message.Id, b.Message.Id));
        _inFlight = batch;
        NotifyRoom();
        var transport = Transport(hook, out var unavailable);
        var self = Self;
        _ = SendAsync(transport, unavailable, batch).ContinueWith(
            t => self.Tell(t.IsCompletedSuccessfully ? t.Result
                : new BatchSent(batch, [], new LogHookResult(LogHookOutcome.Retry, "publishing failed: " + t.Exception?.GetBaseException().Message))),
            TaskScheduler.Default);
    }

    /// <summary>Off the actor: the bodies from the spool, then one publish.</summary>
    private async Task<BatchSent> SendAsync(ILogHookTransport? transport, string? unavailable, List<HookItem> batch)
    {
        if (transport is null)
        {
            return new BatchSent(batch, [], new LogHookResult(LogHookOutcome.Retry, unavailable!));
        }
        var sent = new List<HookItem>(batch.Count);
        var gone = new List<HookItem>();
        var notOwned = new List<HookItem>();
        var bodies = new List<ReadOnlyMemory<byte>>(batch.Count);
        foreach (var item in batch)
        {
            var id = SpoolId.Parse(item.Message.Id);
            Persistence.Spool.SpoolMessage? stored;
            if (item.Message.Epoch > 0)
            {
                // The offer fence, as at an SMTP connection: published only while the offering incarnation owns the queue.
                var owned = await _services.Spool.LoadOwnedAsync(id, new Persistence.Spool.SpoolFence(item.Message.Queue, item.Message.Epoch)).ConfigureAwait(false);
                if (owned is { Message: not null, Owned: false })
                {
                    notOwned.Add(item);
                    continue;
                }
                stored = owned.Message;
            }
            else
            {
                stored = await _services.Spool.LoadAsync(id).ConfigureAwait(false);
            }
            if (stored is null)
            {
                gone.Add(item); // delivered by an earlier run, or bounced by an administrator
                continue;
            }
            sent.Add(item);
            bodies.Add(stored.Body);
        }
        if (sent.Count == 0)
        {
            return new BatchSent(sent, gone, new LogHookResult(LogHookOutcome.Delivered, "nothing left to publish")) { NotOwned = notOwned };
        }
        var result = await transport.SendAsync(bodies, CancellationToken.None).ConfigureAwait(false);
        return new BatchSent(sent, gone, result) { NotOwned = notOwned };
    }

    private void Sent(BatchSent sent)
    {
        foreach (var item in _inFlight ?? [])
        {
            _holding.Remove(item.Message.Id);
        }
        _inFlight = null;
        foreach (var item in sent.Gone)
        {
            _services.Outcomes.Gone(item.Message);
        }
        foreach (var item in sent.NotOwned)
        {
            _services.Outcomes.OwnershipLost(item.Message);
        }
        var description = _transport?.Description ?? "(no transport)";
        var context = new AttemptContext(_name, sent.Sent.FirstOrDefault()?.EgressPool, _id.Source);
        switch (sent.Result.Outcome)
        {
            case LogHookOutcome.Delivered:
                _consecutiveFailures = 0;
                var ok = new SmtpResponse(250, null, $"log hook {_hookName}: {description}: {sent.Result.Detail}");
                foreach (var item in sent.Sent)
                {
                    _services.Outcomes.Delivered(item.Message, ok, context);
                }
                break;
            case LogHookOutcome.Rejected:
                _consecutiveFailures = 0;
                LogRejected(_logger, _hookName, description, sent.Sent.Count, sent.Result.Detail);
                var refused = new SmtpResponse(550, new EnhancedStatusCode(5, 0, 0), $"log hook {_hookName}: {description}: {sent.Result.Detail}");
                foreach (var item in sent.Sent)
                {
                    _services.Outcomes.Bounced(item.Message, refused, context);
                }
                break;
            default:
                _consecutiveFailures++;
                LogRetry(_logger, _hookName, description, sent.Sent.Count, _ready.Count, _consecutiveFailures, sent.Result.Detail);
                var later = SmtpResponse.Internal(451, new EnhancedStatusCode(4, 4, 1), $"log hook {_hookName}: {description}: {sent.Result.Detail}");
                foreach (var item in sent.Sent)
                {
                    _services.Outcomes.TransientFailure(item.Message, later, context);
                }
                // The destination is not taking records: those behind the batch wait on the retry schedule too.
                FailReady(later);
                break;
        }
        if (_stopping)
        {
            Context.Stop(Self);
            return;
        }
        Pump();
    }

    /// <summary>Hand-off: the shard moves. Ready records go back to their queue now; the batch in flight finishes first.</summary>
    private void HandOff()
    {
        _stopping = true;
        Timers.Cancel("batch");
        ReturnAll(_ready.Select(i => i.Message).ToList());
        _ready.Clear();
        if (_inFlight is null)
        {
            Context.Stop(Self);
        }
    }

    private void ReturnAll(IReadOnlyList<QueuedMessage> messages)
    {
        var now = Now;
        foreach (var message in messages)
        {
            _holding.Remove(message.Id);
            _services.Outcomes.Return(message, notBefore: now);
        }
    }

    private void FailReady(SmtpResponse response)
    {
        while (_ready.TryDequeue(out var item))
        {
            _holding.Remove(item.Message.Id);
            _services.Outcomes.TransientFailure(item.Message, response, new AttemptContext(_name, item.EgressPool, _id.Source));
        }
        NotifyRoom();
    }

    /// <summary>The hook's transport, made again when the policy's definition of the hook changed (a reload).</summary>
    private ILogHookTransport? Transport(LogHookDefinition hook, out string? unavailable)
    {
        unavailable = null;
        if (_transport is not null && (ReferenceEquals(hook, _transportFor) || Same(hook, _transportFor!)))
        {
            return _transport;
        }
        if (_transport is { } old)
        {
            _ = old.DisposeAsync().AsTask();
            _transport = null;
        }
        try
        {
            _transport = hook.Webhook is { } webhook
                ? (_services.WebhookTransportFactory?.Invoke(hook.Name, webhook)
                   ?? new Akka.Mta.LogHooks.Webhook.WebhookTransport(hook.Name, webhook, _services.LoggerFactory, _services.Time))
                : hook.Amqp is { } amqp && _services.AmqpTransportFactory is { } factory
                    ? factory(hook.Name, amqp)
                    : null;
        }
        catch (Exception e)
        {
            unavailable = $"the {(hook.Webhook is null ? "AMQP" : "webhook")} transport could not be made: {e.Message}";
            LogTransportFailed(_logger, _hookName, unavailable);
            return null;
        }
        if (_transport is null)
        {
            unavailable = "this node has no AMQP transport for log hooks";
            LogTransportFailed(_logger, _hookName, unavailable);
            return null;
        }
        _transportFor = hook;
        return _transport;
    }

    /// <summary>The same destination (a reload that did not change the hook keeps its connection).</summary>
    private static bool Same(LogHookDefinition a, LogHookDefinition b) => a.ToString() == b.ToString()
        && a.Webhook?.Hmac?.Key.AsSpan().SequenceEqual(b.Webhook?.Hmac?.Key) != false
        && a.Amqp == b.Amqp
        && (a.Webhook is null) == (b.Webhook is null)
        && (a.Webhook is null || a.Webhook.Headers.SequenceEqual(b.Webhook!.Headers));

    private void Controls(PathControlsInForce controls)
    {
        if (_controls is null)
        {
            ControlsAnnouncement.Answered(Timers);
        }
        _controls = controls;
        if (controls.Suspension is { } suspension && suspension.Expires > Now)
        {
            if (_suspended != (suspension.Reason, suspension.Expires))
            {
                _suspended = (suspension.Reason, suspension.Expires);
                foreach (var queue in _ready.GroupBy(i => i.Message.Queue, StringComparer.Ordinal))
                {
                    _waitingQueues.Add(queue.Key);
                    Reply(queue.Key, new ReturnedFromPath(_name, queue.Select(i => i.Message).ToList(), "suspended: " + suspension.Reason, suspension.Expires));
                }
                foreach (var item in _ready)
                {
                    _holding.Remove(item.Message.Id);
                }
                _ready.Clear();
                Timers.StartSingleTimer("suspension", HookPumpTick.Instance, suspension.Expires - Now);
            }
        }
        else
        {
            _suspended = null;
            NotifyRoom();
        }
        Pump();
    }

    private (string Reason, DateTimeOffset Until)? Suspended()
    {
        if (_suspended is { } s && s.Until <= Now)
        {
            _suspended = null;
            NotifyRoom();
        }
        return _suspended;
    }

    private void NotifyRoom()
    {
        if (_suspended is null && _ready.Count < MaxReady && _waitingQueues.Count > 0)
        {
            foreach (var queue in _waitingQueues)
            {
                Reply(queue, new PathHasRoom(_name));
            }
            _waitingQueues.Clear();
        }
    }

    private void Reply(string queue, object message) => _services.Queues.Tell(new ShardingEnvelope(queue, message));

    private EgressPathState State() => new(_name, _ready.Count, _transport is null ? 0 : 1, _inFlight is null ? 0 : 1,
        _consecutiveFailures, _suspended?.Reason, _suspended?.Until)
    {
        ConnectionLimit = 1,
    };

    private EgressPathDetail Detail() => new(State(), _controls?.Suspension?.Id, _lastPool, null, null,
        _transport is null ? [] : [_transport.Description],
        _inFlight is null ? [] : [new ConnectionView("delivering", Now, _inFlight.Count)],
        _ready.Select(i => i.Message.Queue).Distinct(StringComparer.Ordinal).ToList(), null, null);

    [LoggerMessage(Level = LogLevel.Error, Message = "Log hook {Hook}: {Destination} refused {Count} records, they bounce: {Detail}")]
    private static partial void LogRejected(ILogger logger, string hook, string destination, int count, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Log hook {Hook}: {Destination} did not take {Count} records ({Waiting} more wait, {Failures} failures in a row); retried on the queue's schedule: {Detail}")]
    private static partial void LogRetry(ILogger logger, string hook, string destination, int count, int waiting, int failures, string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "Log hook {Hook}: {Count} records wait, but the policy no longer configures the hook")]
    private static partial void LogNotConfigured(ILogger logger, string hook, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Log hook {Hook}: {Reason}; its records wait on the retry schedule")]
    private static partial void LogTransportFailed(ILogger logger, string hook, string reason);
}
