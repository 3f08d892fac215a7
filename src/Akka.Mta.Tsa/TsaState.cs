using System.Collections.Immutable;
using Akka.Mta.Core.Logging;
using Akka.Mta.Shaping.Automation;

namespace Akka.Mta.Tsa;

/// <summary>
/// The traffic shaping automation as pure state: the active effects and the threshold counters, and
/// how a delivery log record changes them. Immutable: <see cref="Apply"/> and <see cref="Prune"/>
/// return a new state (the same instance when nothing changed), so an actor holds one reference,
/// persists <see cref="ToJson"/> snapshots and hands out the effects <see cref="Apply"/> returns.
/// <para>
/// Semantics (KumoMTA's tsa-daemon, with the documented threshold window):
/// <list type="bullet">
/// <item>Only the record types in <see cref="TsaRuleSet.ConsideredTypes"/> are considered; the rules are
/// those <see cref="Shaping.Merging.ShapingModel.MatchRules(string, bool, string, string?, Shaping.Merging.MxHostsResult?)"/>
/// returns for the recipient domain and the site of the record's egress path; internal replies only match
/// <c>match_internal</c> rules.</item>
/// <item>A record whose time plus the rule's duration is not after <c>now</c> is stale and ignored.</item>
/// <item><c>Immediate</c> rules trigger at once; <c>{Threshold="N/period"}</c> rules when the N-th match
/// on the same egress path falls within one period (a sliding window over record times).</item>
/// <item>Each action's effect is keyed by (rule, action, scope) and expires at record time + duration; a
/// later trigger for the same key extends it. A record that could not extend any of its rule's effects
/// (its time is not after the record that set them) neither counts toward the threshold nor re-fires:
/// replaying a log twice changes nothing.</item>
/// </list>
/// </para>
/// </summary>
public sealed partial class TsaState
{
    private static readonly IReadOnlyList<TsaEffect> NoEffects = [];

    private readonly ImmutableDictionary<string, TsaEffect> _effects;
    private readonly ImmutableDictionary<CounterKey, ThresholdCounter> _counters;

    private TsaState(TsaRuleSet rules, ImmutableDictionary<string, TsaEffect> effects, ImmutableDictionary<CounterKey, ThresholdCounter> counters)
    {
        Rules = rules;
        _effects = effects;
        _counters = counters;
    }

    /// <summary>No effects, no counters.</summary>
    public static TsaState Empty(TsaRuleSet rules) =>
        new(rules, ImmutableDictionary.Create<string, TsaEffect>(StringComparer.Ordinal), ImmutableDictionary<CounterKey, ThresholdCounter>.Empty);

    public TsaRuleSet Rules { get; }

    /// <summary>Every effect held, by key (expired ones too, until <see cref="Prune"/>).</summary>
    public IReadOnlyDictionary<string, TsaEffect> Effects => _effects;

    /// <summary>How many (rule, egress path) threshold counters are held.</summary>
    public int CounterCount => _counters.Count;

    /// <summary>The effects in force at <paramref name="now"/>, ordered by expiry then scope.</summary>
    public IReadOnlyList<TsaEffect> ActiveEffects(DateTimeOffset now) =>
        _effects.Values.Where(e => e.IsActiveAt(now)).OrderBy(e => e.Expires).ThenBy(e => e.Scope, StringComparer.Ordinal)
            .ThenBy(e => e.Rule, StringComparer.Ordinal).ToList();

    /// <summary>When the next effect ends (when to call <see cref="Prune"/> and withdraw it), or null with none.</summary>
    public DateTimeOffset? NextExpiry => _effects.Count == 0 ? null : _effects.Values.Min(e => e.Expires);

    /// <summary>The config overrides in force as the generated shaping file (see <see cref="ActiveOverridesWriter"/>).</summary>
    public string ActiveOverridesToml(DateTimeOffset now) => ActiveOverridesWriter.Write(_effects.Values, now);

    /// <summary>The same effects and counters under reloaded rules (ids of unchanged rules are stable).</summary>
    public TsaState WithRules(TsaRuleSet rules) => new(rules, _effects, _counters);

    /// <summary>
    /// Runs one log record through the rules. Returns the next state and the effects the record
    /// created or extended (in rule order, then action order); apply each, replacing any earlier
    /// effect with the same scope.
    /// </summary>
    public (TsaState Next, IReadOnlyList<TsaEffect> NewOrExtended) Apply(LogRecord record, DateTimeOffset now)
    {
        if (Rules.Match(record) is not { } match)
        {
            return (this, NoEffects);
        }
        ImmutableDictionary<string, TsaEffect>.Builder? effects = null;
        ImmutableDictionary<CounterKey, ThresholdCounter>.Builder? counters = null;
        List<TsaEffect>? fired = null;
        var time = record.EventTime;
        foreach (var rule in match.Rules)
        {
            var expires = time + rule.Rule.Duration;
            if (expires <= now)
            {
                continue;
            }
            var candidates = TsaEffects.For(rule, match, time, expires);
            if (candidates.Count == 0 || !CanExtendAny(effects ?? (IReadOnlyDictionary<string, TsaEffect>)_effects, candidates, expires))
            {
                continue;
            }
            if (rule.Rule.Trigger is ThresholdTrigger threshold)
            {
                counters ??= _counters.ToBuilder();
                var key = new CounterKey(rule.Id, match.Path);
                var counter = (counters.TryGetValue(key, out var existing) ? existing : ThresholdCounter.For(threshold.Window, threshold.Count)).Add(time);
                counters[key] = counter;
                if (counter.CountEndingAt(time) < counter.Limit)
                {
                    continue;
                }
            }
            effects ??= _effects.ToBuilder();
            foreach (var (key, effect) in candidates)
            {
                if (!effects.TryGetValue(key, out var current) || current.Expires < expires)
                {
                    effects[key] = effect;
                    (fired ??= []).Add(effect);
                }
            }
        }
        if (effects is null && counters is null)
        {
            return (this, NoEffects);
        }
        return (new TsaState(Rules, effects?.ToImmutable() ?? _effects, counters?.ToImmutable() ?? _counters), fired ?? NoEffects);
    }

    /// <summary>Drops the effects that ended by <paramref name="now"/> and the matches that can no longer count.</summary>
    public TsaState Prune(DateTimeOffset now)
    {
        ImmutableDictionary<string, TsaEffect>.Builder? effects = null;
        foreach (var (key, effect) in _effects)
        {
            if (!effect.IsActiveAt(now))
            {
                (effects ??= _effects.ToBuilder()).Remove(key);
            }
        }
        ImmutableDictionary<CounterKey, ThresholdCounter>.Builder? counters = null;
        foreach (var (key, counter) in _counters)
        {
            var pruned = counter.Prune(now);
            if (pruned is null)
            {
                (counters ??= _counters.ToBuilder()).Remove(key);
            }
            else if (!ReferenceEquals(pruned, counter))
            {
                (counters ??= _counters.ToBuilder())[key] = pruned;
            }
        }
        return effects is null && counters is null
            ? this
            : new TsaState(Rules, effects?.ToImmutable() ?? _effects, counters?.ToImmutable() ?? _counters);
    }

    /// <summary>True when some effect of the rule is missing or would end before <paramref name="expires"/>.</summary>
    private static bool CanExtendAny(IReadOnlyDictionary<string, TsaEffect> effects, IReadOnlyList<(string Key, TsaEffect Effect)> candidates, DateTimeOffset expires)
    {
        foreach (var (key, _) in candidates)
        {
            if (!effects.TryGetValue(key, out var current) || current.Expires < expires)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>A threshold counter's key: the rule and the egress path (ready queue) the records came from.</summary>
    internal readonly record struct CounterKey(string Rule, string Path);

    internal IReadOnlyDictionary<CounterKey, ThresholdCounter> Counters => _counters;
}
