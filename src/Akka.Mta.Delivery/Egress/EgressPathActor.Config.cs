using Akka.Mta.Core.Throttling;
using Akka.Mta.Delivery.Configuration;
using Akka.Mta.Delivery.Queueing;
using Akka.Mta.Shaping.Input;
using Akka.Mta.Shaping.Options;
using Akka.Mta.Toml;

namespace Akka.Mta.Delivery.Egress;

/// <summary>The config in force: the policy's, refreshed every <c>refresh_interval</c>, with automation's overrides and adjustments and the throttle program's backoff on top.</summary>
public sealed partial class EgressPathActor
{
    /// <summary>
    /// The throttle program's window: the last <c>trigger_required_attempts</c> outcomes. Over its
    /// rates the path backs off for <c>return_after</c> and the window starts again.
    /// </summary>
    private void Observe(OverrideResult outcome)
    {
        if (_config?.ThrottleProgram is not { } program)
        {
            return;
        }
        _recentOutcomes.Enqueue(outcome);
        while (_recentOutcomes.Count > program.TriggerRequiredAttempts)
        {
            _recentOutcomes.Dequeue();
        }
        var deferred = _recentOutcomes.Count(o => o == OverrideResult.Transient);
        var failed = _recentOutcomes.Count(o => o == OverrideResult.Permanent);
        if (program.IsTriggered(_recentOutcomes.Count, deferred, failed))
        {
            _backoffUntil = _services.Time.GetUtcNow() + program.ReturnAfter;
            LogBackoff(_logger, _name, deferred, failed, _recentOutcomes.Count, _backoffUntil.Value);
            _recentOutcomes.Clear();
            _config = Overridden(_baseConfig ?? _config);
            Timers.StartSingleTimer("backoff", PumpTick.Instance, program.ReturnAfter);
        }
    }

    /// <summary>The policy's config for this path (refreshed every <c>refresh_interval</c>) with any active override applied.</summary>
    private EgressPathConfig? CurrentConfig()
    {
        var now = _services.Time.GetUtcNow();
        if (_override is { } expired && expired.Expires <= now)
        {
            _override = null;
            _config = _baseConfig is null ? null : Overridden(_baseConfig);
        }
        if (_backoffUntil is { } backoff && backoff <= now && _baseConfig is not null)
        {
            _config = Overridden(_baseConfig);
        }
        if (_config is not null && now < _configExpires)
        {
            return _config;
        }
        if (_route is null)
        {
            return _config;
        }
        try
        {
            _baseConfig = _services.Config.GetEgressPathConfig(_route.Domain, _id.Source, _id.Site);
            _configExpires = now + _baseConfig.RefreshInterval;
        }
        catch (DeliveryConfigException e)
        {
            LogConfigFailed(_logger, _name, e.Message);
            Timers.StartSingleTimer("config", PumpTick.Instance, ConfigRetry);
            if (_baseConfig is null)
            {
                return null;
            }
            _configExpires = now + ConfigRetry;
        }
        _config = Overridden(_baseConfig);
        return _config;
    }

    private EgressPathConfig Overridden(EgressPathConfig baseline) => Adjusted(BackedOff(WithOverride(baseline)));

    private void Adjust(AdjustEgressPathOption adjust)
    {
        if (!_adjustments.TryGetValue(adjust.Option, out var current))
        {
            _adjustments[adjust.Option] = current = new Adjustment();
        }
        current.Level *= 1 - adjust.ReducePercent / 100.0;
        current.Floor = adjust.Floor;
        current.StepAfter = adjust.StepAfter;
        current.Step = adjust.StepPercent / 100.0;
        current.LastChange = _services.Time.GetUtcNow();
        LogAdjusted(_logger, _name, adjust.Option, current.Level * 100, adjust.Reason);
        Timers.StartSingleTimer("ramp:" + adjust.Option, new RampTick(adjust.Option), adjust.StepAfter);
        if (_baseConfig is not null)
        {
            _config = Overridden(_baseConfig);
        }
        Pump();
    }

    /// <summary>One recovery step after a quiet <c>step_after</c>; the option is back when the level reaches 100 %.</summary>
    private void Ramp(RampTick tick)
    {
        if (!_adjustments.TryGetValue(tick.Option, out var current))
        {
            return;
        }
        var quiet = _services.Time.GetUtcNow() - current.LastChange;
        if (quiet < current.StepAfter)
        {
            Timers.StartSingleTimer("ramp:" + tick.Option, tick, current.StepAfter - quiet);
            return;
        }
        current.Level = Math.Min(1, current.Level + current.Step);
        current.LastChange = _services.Time.GetUtcNow();
        if (current.Level >= 1)
        {
            _adjustments.Remove(tick.Option);
        }
        else
        {
            Timers.StartSingleTimer("ramp:" + tick.Option, tick, current.StepAfter);
        }
        if (_baseConfig is not null)
        {
            _config = Overridden(_baseConfig);
        }
        Pump();
    }

    /// <summary>The configured values scaled by the active adjustments, never below their floors.</summary>
    private EgressPathConfig Adjusted(EgressPathConfig config)
    {
        foreach (var (option, a) in _adjustments)
        {
            long Scale(long value) => Math.Max(Math.Min(a.Floor, value), (long)Math.Floor(value * a.Level));
            config = option switch
            {
                "connection_limit" => config with { ConnectionLimit = config.ConnectionLimit with { Limit = Scale(config.ConnectionLimit.Limit) } },
                "max_deliveries_per_connection" => config with { MaxDeliveriesPerConnection = (int)Scale(config.MaxDeliveriesPerConnection) },
                "max_message_rate" when config.MaxMessageRate is { } rate => config with { MaxMessageRate = rate with { Limit = Scale(rate.Limit) } },
                "max_connection_rate" when config.MaxConnectionRate is { } rate => config with { MaxConnectionRate = rate with { Limit = Scale(rate.Limit) } },
                _ => config,
            };
        }
        return config;
    }

    /// <summary>The throttle program's backoff limits while it lasts (never raising a limit).</summary>
    private EgressPathConfig BackedOff(EgressPathConfig config)
    {
        if (_backoffUntil is not { } until || until <= _services.Time.GetUtcNow() || config.ThrottleProgram is not { } program)
        {
            _backoffUntil = null;
            return config;
        }
        if (program.BackoffMaxConcurrentConnections is { } connections && connections < config.ConnectionLimit.Limit)
        {
            config = config with { ConnectionLimit = config.ConnectionLimit with { Limit = connections } };
        }
        if (program.BackoffMaxMessagesPerHour is { } perHour)
        {
            var backoff = new ThrottleSpec(perHour, 3600);
            if (config.MaxMessageRate is not { } rate || rate.IntervalSeconds < backoff.IntervalSeconds)
            {
                config = config with { MaxMessageRate = backoff };
            }
        }
        return config;
    }

    private EgressPathConfig WithOverride(EgressPathConfig baseline)
    {
        if (_override is not { } active)
        {
            return baseline;
        }
        var applied = baseline.WithOverrides(active.Options);
        if (applied.Config is { } config)
        {
            return config;
        }
        LogOverrideRejected(_logger, _name, string.Join("; ", applied.Errors.Select(e => e.ToString())));
        _override = null;
        return baseline;
    }

    private void SetOverrides(SetEgressPathOverrides set)
    {
        var now = _services.Time.GetUtcNow();
        if (set.Expires <= now || set.OptionsJson is "{}" or "")
        {
            _override = null;
            _config = _baseConfig;
        }
        else
        {
            try
            {
                _override = (JsonToToml.Parse(System.Text.Encoding.UTF8.GetBytes(set.OptionsJson), "SetConfig"), set.Reason, set.Expires);
            }
            catch (TomlException e)
            {
                LogOverrideRejected(_logger, _name, e.Message);
                return;
            }
            if (_baseConfig is not null)
            {
                _config = Overridden(_baseConfig);
            }
            Timers.StartSingleTimer("override", PumpTick.Instance, set.Expires - now);
        }
        Pump();
    }
}
