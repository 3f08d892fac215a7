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

    /// <summary>Ready messages of a queue under an admin bounce leave with an <c>AdminBounce</c> record.</summary>
    private void BounceReady()
    {
        if (_controls is not { Bounces.Count: > 0 } controls || _ready.Count == 0)
        {
            return;
        }
        var now = _services.Time.GetUtcNow();
        var counts = new Dictionary<(string Bounce, string Queue), long>();
        var kept = new List<ReadyItem>(_ready.Count);
        foreach (var item in _ready)
        {
            if (controls.Bounces.InForce(ScheduledQueueName.Parse(item.Message.Queue), now) is { } bounce)
            {
                _services.Outcomes.AdminBounced(item.Message, bounce);
                counts[(bounce.Id, item.Message.Queue)] = counts.GetValueOrDefault((bounce.Id, item.Message.Queue)) + 1;
            }
            else
            {
                kept.Add(item);
            }
        }
        _ready.Clear();
        foreach (var item in kept)
        {
            _ready.Enqueue(item);
        }
        foreach (var ((bounce, queue), count) in counts)
        {
            _services.AdminControls.Tell(new BouncesCounted(bounce, queue, count), Self);
        }
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
