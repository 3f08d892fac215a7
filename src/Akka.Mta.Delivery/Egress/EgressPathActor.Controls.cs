using Akka.Mta.Core.Queues;
using Akka.Mta.Delivery.Admin;
using Akka.Mta.Delivery.Queueing;

namespace Akka.Mta.Delivery.Egress;

/// <summary>What the admin controls say (suspension, bounces, sender pauses), and what the path shows of itself to the admin API.</summary>
public sealed partial class EgressPathActor
{
    /// <summary>
    /// Asks the admin controls what applies to this path (suspension, bounces, sender pauses); it
    /// delivers nothing before the answer. Repeated until answered, then every minute.
    /// </summary>
    protected override void PreStart()
    {
        ControlsAnnouncement.Start(Self, Timers);
    }

    private void Controls(PathControlsInForce controls)
    {
        if (_controls is null)
        {
            ControlsAnnouncement.Answered(Timers);
        }
        _controls = controls;
        if (controls.Suspension is { } suspension && suspension.Expires > _services.Time.GetUtcNow())
        {
            if (_suspended != (suspension.Reason, suspension.Expires))
            {
                Suspend(suspension.Reason, suspension.Expires);
            }
        }
        else
        {
            _suspended = null;
        }
        BounceReady();
        Pump();
    }

    /// <summary>
    /// When the bounces change: ready messages of a queue under an admin bounce leave with an
    /// <c>AdminBounce</c> record (each queue's name is looked up once).
    /// </summary>
    private void BounceReady()
    {
        if (_controls is not { Bounces.Count: > 0 } || _ready.Count == 0)
        {
            return;
        }
        var now = _services.Time.GetUtcNow();
        var bounceOf = new Dictionary<string, AdminBounce?>(StringComparer.Ordinal);
        var bounced = new Dictionary<string, List<QueuedMessage>>(StringComparer.Ordinal);
        var kept = new List<ReadyItem>(_ready.Count);
        foreach (var item in _ready)
        {
            var queue = item.Message.Queue;
            if (!bounceOf.TryGetValue(queue, out var bounce))
            {
                bounceOf[queue] = bounce = BounceInForce(queue, now);
            }
            if (bounce is null)
            {
                kept.Add(item);
            }
            else if (bounced.TryGetValue(queue, out var list))
            {
                list.Add(item.Message);
            }
            else
            {
                bounced[queue] = [item.Message];
            }
        }
        _ready.Clear();
        foreach (var item in kept)
        {
            _ready.Enqueue(item);
        }
        RebuildHolding();
        foreach (var (queue, messages) in bounced)
        {
            Bounce(queue, messages, bounceOf[queue]!);
        }
    }

    /// <summary>An offer from a queue under an admin bounce is bounced here rather than queued (true when it was).</summary>
    private bool BounceOffer(OfferMessages offer)
    {
        if (_controls is not { Bounces.Count: > 0 } || BounceInForce(offer.Queue, _services.Time.GetUtcNow()) is not { } bounce)
        {
            return false;
        }
        Bounce(offer.Queue, offer.Messages, bounce);
        return true;
    }

    private AdminBounce? BounceInForce(string queue, DateTimeOffset now) => _controls!.Bounces.InForce(ScheduledQueueName.Parse(queue), now);

    /// <summary>Bounces the messages of one queue and reports the count to the admin controls.</summary>
    private void Bounce(string queue, IReadOnlyList<QueuedMessage> messages, AdminBounce bounce)
    {
        foreach (var message in messages)
        {
            _services.Outcomes.AdminBounced(message, bounce, offered: true);
        }
        _services.AdminControls.Tell(new BouncesCounted(bounce.Id, queue, messages.Count), Self);
    }

    private void NoteOfferingQueue(string queue)
    {
        var now = _services.Time.GetUtcNow();
        _offeringQueues[queue] = now;
        if (_offeringQueues.Count > _offeringQueuesPruneAt)
        {
            foreach (var stale in _offeringQueues.Where(q => now - q.Value > OfferingQueuesKept).Select(q => q.Key).ToList())
            {
                _offeringQueues.Remove(stale);
            }
            _offeringQueuesPruneAt = Math.Max(1024, _offeringQueues.Count * 2);
        }
    }

    private EgressPathState State() => new(_name, _ready.Count, _connections.Count, Busy, _consecutiveFailures,
        SuspendedNow()?.Reason, SuspendedNow()?.Until)
    {
        Overrides = _override is { } o && o.Expires > _services.Time.GetUtcNow() ? o.Options.Count : 0,
        BackoffUntil = _backoffUntil,
        ConnectionLimit = _config?.ConnectionLimit.Limit,
        ProviderName = _config?.ProviderName,
        ReadyFull = _readyFull,
    };

    private EgressPathDetail Detail()
    {
        var config = _config;
        return new EgressPathDetail(State(), SuspendedNow() is null ? null : _controls?.Suspension?.Id, _lastPool,
            config is null ? null : EgressPathConfigView.Options(config).ToJsonString(),
            config is null ? null : EgressPathConfigView.Constraints(config).ToJsonString(),
            _targets is { IsResolved: true } targets
                ? [.. targets.Targets.Select(t => $"{t.HostName} {t.Address}" + (t.Port is { } port ? $":{port}" : ""))]
                : [],
            [.. _connections.Values.Select(slot => new ConnectionView(
                slot.Item is not null ? "delivering" : slot.Connected ? "idle" : "connecting", slot.StartedAt, slot.Attempted))],
            [.. _offeringQueues.Keys.Order(StringComparer.Ordinal)],
            _connectionLimited,
            _connectionRateThrottled);
    }
}
