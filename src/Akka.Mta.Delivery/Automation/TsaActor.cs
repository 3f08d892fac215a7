using System.Text;
using System.Text.Json;
using Akka.Actor;
using Akka.Mta.Delivery.Clustering;
using Akka.Persistence;
using Akka.Mta.Core.Logging;
using Akka.Mta.Core.Queues;
using Akka.Mta.Delivery.Admin;
using Akka.Mta.Delivery.Queueing;
using Akka.Mta.Shaping.Merging;
using Akka.Mta.Shaping.Output;
using Akka.Mta.Tsa;
using Microsoft.Extensions.Logging;

namespace Akka.Mta.Delivery.Automation;

/// <summary>Asks the TSA for its active effects (answered with <see cref="TsaStatus"/>).</summary>
public sealed record GetTsaStatus;

/// <param name="Unsaved">The state changed since the last snapshot (saved within a second).</param>
public sealed record TsaStatus(int Rules, int Counters, IReadOnlyList<TsaEffectView> Effects, string ShapingToml, bool Unsaved);

/// <summary>One active effect as the API shows it.</summary>
public sealed record TsaEffectView(string Action, string Scope, string Rule, string Reason, DateTimeOffset TriggeredAt, DateTimeOffset Expires, string? Setting);

/// <summary>
/// Traffic Shaping Automation, one per cluster (a singleton): receives every log record (its proxy
/// is subscribed to the event stream), runs it through the automation rules of the shaping files (<see cref="TsaState"/>),
/// and applies what fires — path suspensions and config overrides to EgressPath entities, tenant and
/// campaign suspensions and bounces to the scheduled queues — until each effect expires. Its state
/// (counters and active effects) is persisted (<see cref="TsaStateSaved"/>, Akka.Persistence) a
/// second after it changes, so a restart or failover resumes it and re-applies every active effect.
/// Records that arrive while it recovers are stashed by Akka.Persistence and observed in order after.
/// </summary>
public sealed partial class TsaActor : ReceivePersistentActor, IWithTimers
{
    public const string Id = "tsa";
    private static readonly TimeSpan SaveDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RulesCheck = TimeSpan.FromSeconds(10);

    /// <summary>How often the active overrides are sent again: a path that moved to another node (or restarted) gets them back.</summary>
    private static readonly TimeSpan OverridesRenewal = TimeSpan.FromSeconds(30);

    private readonly MtaRuntime _runtime;
    private readonly Func<ShapingModel?> _currentModel;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private ShapingModel? _model;
    private TsaState _state;
    private DateTimeOffset? _restoredAt;
    private HashSet<string> _overriddenPaths = new(StringComparer.Ordinal);

    public TsaActor(MtaRuntime runtime, Func<ShapingModel?> currentModel, TimeProvider time, ILoggerFactory loggers)
    {
        _runtime = runtime;
        _currentModel = currentModel;
        _time = time;
        _logger = loggers.CreateLogger<TsaActor>();
        _model = currentModel();
        _state = TsaState.Empty(Rules(_model));
        Recover<TsaStateSaved>(Restore);
        Recover<RecoveryCompleted>(_ => Recovered());
        Command<LogRecord>(Observe);
        Command<Tick>(_ => { Prune(); CheckRules(); });
        Command<RenewOverrides>(_ => EnforceOverrides());
        Command<Save>(_ => Persist(new TsaStateSaved(_state.ToUtf8Json()), _ =>
        {
            if (LastSequenceNr > 1)
            {
                DeleteMessages(LastSequenceNr - 1); // each event holds the whole state
            }
        }));
        Command<GetTsaStatus>(_ => Sender.Tell(Status()));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(failure => LogSaveFailed(_logger, "deleting superseded events: " + failure.Cause.Message));
    }

    public override string PersistenceId => Id;

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now => _time.GetUtcNow();

    private void Restore(TsaStateSaved saved)
    {
        try
        {
            _state = TsaState.FromJson(saved.State, _state.Rules).Prune(Now);
            _restoredAt = Now;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            LogRestoreFailed(_logger, e.Message);
        }
    }

    /// <summary>Re-applies every active effect of the recovered state, then observes what was stashed meanwhile.</summary>
    private void Recovered()
    {
        if (_restoredAt is { } at)
        {
            LogRestored(_logger, _state.Effects.Count, at);
        }
        foreach (var effect in _state.ActiveEffects(Now))
        {
            Enforce(effect);
        }
        EnforceOverrides();
        Timers.StartPeriodicTimer("rules", Tick.Instance, RulesCheck);
        Timers.StartPeriodicTimer("overrides", RenewOverrides.Instance, OverridesRenewal);
        ArmExpiry();
    }

    /// <summary>A store that fails stops this actor; its backoff supervisor starts it again from what was saved.</summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        LogSaveFailed(_logger, cause.Message);
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    private void Observe(LogRecord record)
    {
        var (next, fired) = _state.Apply(record, Now);
        var changed = !ReferenceEquals(next, _state);
        _state = next;
        foreach (var effect in fired)
        {
            LogFired(_logger, effect.Action, effect.Scope, effect.Rule, effect.Expires);
            Enforce(effect);
        }
        if (fired.Any(e => e is ConfigOverrideEffect))
        {
            EnforceOverrides();
        }
        if (fired.Count > 0)
        {
            ArmExpiry();
        }
        if (changed && !Timers.IsTimerActive("save"))
        {
            Timers.StartSingleTimer("save", Save.Instance, SaveDelay);
        }
    }

    private void Enforce(TsaEffect effect)
    {
        switch (effect)
        {
            case SuspendPathEffect suspend:
                Control(new AddPathSuspension(new PathSuspension("tsa:" + effect.Rule + ":" + effect.Scope, suspend.Path, suspend.Reason, suspend.Expires)));
                break;
            case SuspendQueuesEffect queues:
                Control(new AddQueueSuspension(new QueueSuspension("tsa:" + effect.Rule + ":" + effect.Scope, effect.Reason, effect.Expires,
                    new QueueCriteria { Domain = queues.Domain, Tenant = queues.Tenant, Campaign = queues.Campaign })));
                break;
            case AdjustConfigEffect adjust:
                _runtime.AdjustPath(adjust.Path, new AdjustEgressPathOption(adjust.Option, adjust.ReducePercent, adjust.Floor, adjust.StepAfter, adjust.StepPercent, adjust.Reason));
                break;
            case PauseSenderEffect pause:
                Control(new AddSenderPause(new SenderPause(pause.SenderDomain, pause.Site, pause.Reason, pause.Expires)));
                break;
            case BounceQueuesEffect bounce:
                Control(new AddBounce(new AdminBounce("tsa:" + effect.Rule + ":" + effect.Scope, effect.Reason, effect.Expires,
                    new QueueCriteria { Domain = bounce.Domain, Tenant = bounce.Tenant, Campaign = bounce.Campaign }, SuppressLogging: false)));
                break;
        }
    }

    /// <summary>Tells the admin controls (their acknowledgement is not needed: the TSA re-applies its effects when it starts).</summary>
    private void Control(object change) => _runtime.Services.AdminControls.Tell(change, ActorRefs.Nobody);

    /// <summary>
    /// Sends every path its full set of active overrides (one message per path, expiring with the
    /// earliest of them; the expiry timer sends the rest again), and clears paths that have none left.
    /// </summary>
    private void EnforceOverrides()
    {
        var now = Now;
        var byPath = _state.ActiveEffects(now).OfType<ConfigOverrideEffect>()
            .GroupBy(e => e.MxRollup ? new EgressPathId(e.Source, e.Site).ToString() : e.Path, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var (path, effects) in byPath)
        {
            var latest = effects.GroupBy(e => e.Option, StringComparer.Ordinal).Select(g => g.MaxBy(e => e.Expires)!).ToList();
            _runtime.OverridePath(path, OptionsJson(latest), string.Join("; ", latest.Select(e => e.Reason).Distinct()), latest.Min(e => e.Expires));
        }
        foreach (var path in _overriddenPaths.Where(p => !byPath.ContainsKey(p)))
        {
            _runtime.OverridePath(path, "{}", "automation ended", now);
        }
        _overriddenPaths = [.. byPath.Keys];
    }

    private static string OptionsJson(IEnumerable<ConfigOverrideEffect> effects)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            foreach (var effect in effects)
            {
                json.WritePropertyName(effect.Option);
                TomlJson.Write(json, effect.Value);
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private void Prune()
    {
        var next = _state.Prune(Now);
        if (!ReferenceEquals(next, _state))
        {
            _state = next;
            EnforceOverrides();
            Timers.StartSingleTimer("save", Save.Instance, SaveDelay);
        }
        ArmExpiry();
    }

    private void ArmExpiry()
    {
        if (_state.NextExpiry is { } next)
        {
            var wait = next - Now;
            Timers.StartSingleTimer("expiry", Tick.Instance, wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
        }
    }

    /// <summary>A policy reload may have loaded other shaping files: carry the state over to the new rules.</summary>
    private void CheckRules()
    {
        var model = _currentModel();
        if (model is not null && !ReferenceEquals(model, _model))
        {
            _model = model;
            _state = _state.WithRules(Rules(model));
            LogRulesReloaded(_logger, _state.Rules.Count);
        }
    }

    private TsaStatus Status()
    {
        var now = Now;
        var effects = _state.ActiveEffects(now)
            .Select(e => new TsaEffectView(e.Action, e.Scope, e.Rule, e.Reason, e.TriggeredAt, e.Expires, (e as ConfigOverrideEffect)?.Setting))
            .OrderBy(e => e.Expires)
            .ToList();
        return new TsaStatus(_state.Rules.Count, _state.CounterCount, effects, _state.ActiveOverridesToml(now), Timers.IsTimerActive("save"));
    }

    private static readonly Lazy<ShapingModel> NoFiles = new(() =>
        Task.Run(() => ShapingLoader.LoadAsync([], NoDnsMxHostsSource.Instance)).GetAwaiter().GetResult());

    private static TsaRuleSet Rules(ShapingModel? model) => new(model ?? NoFiles.Value);

    private sealed record Tick : INoSerializationVerificationNeeded
    {
        public static readonly Tick Instance = new();
    }

    private sealed record RenewOverrides : INoSerializationVerificationNeeded
    {
        public static readonly RenewOverrides Instance = new();
    }

    private sealed record Save : INoSerializationVerificationNeeded
    {
        public static readonly Save Instance = new();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "TSA: {Action} for {Scope} (rule {Rule}) until {Expires:O}")]
    private static partial void LogFired(ILogger logger, string action, string scope, string rule, DateTimeOffset expires);

    [LoggerMessage(Level = LogLevel.Information, Message = "TSA: restored {Count} effects from the saved state ({Time:O})")]
    private static partial void LogRestored(ILogger logger, int count, DateTimeOffset time);

    [LoggerMessage(Level = LogLevel.Error, Message = "TSA: the saved state could not be read, starting empty: {Reason}")]
    private static partial void LogRestoreFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "TSA: saving the state failed ({Reason}); the TSA restarts from what was saved")]
    private static partial void LogSaveFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "TSA: the policy loaded new shaping files: {Count} automation rules")]
    private static partial void LogRulesReloaded(ILogger logger, int count);
}
