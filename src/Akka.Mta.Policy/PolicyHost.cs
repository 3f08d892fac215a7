using Akka.Mta.Policy.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Akka.Mta.Policy;

/// <summary>
/// The NLua/KeraLua policy host: loads <see cref="PolicyHostOptions.PolicyFile"/> into a pool of
/// sandboxed Lua states and calls the handlers the policy registered with <c>mta.on</c>.
/// </summary>
public sealed partial class PolicyHost : IPolicyHost
{
    private readonly PolicyHostOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _reloadLock = new();
    private PolicyEpoch _current;
    private PolicyFileWatcher? _watcher;

    private PolicyHost(PolicyHostOptions options, ILogger logger, PolicyEpoch first)
    {
        _options = options;
        _logger = logger;
        _current = first;
    }

    /// <summary>Loads the policy; throws <see cref="PolicyException"/> (with file:line) when it does not load.</summary>
    public static PolicyHost Start(PolicyHostOptions options, ILogger? logger = null)
    {
        logger ??= NullLogger.Instance;
        var epoch = BuildEpoch(options, logger, 1);
        PolicyLog.Loaded(logger, epoch.Context.Snapshot.FullPath(epoch.Context.Snapshot.Entry), epoch.Number, epoch.Context.Snapshot.Hash);
        var host = new PolicyHost(options, logger, epoch);
        if (options.WatchFiles)
        {
            host._watcher = new PolicyFileWatcher(epoch.Context.Snapshot.Directory, options.ReloadQuietPeriod, options.TimeProvider,
                quiet => host.Reload(allowDroppedHandlers: false, quiet), logger);
        }
        return host;
    }

    public long Epoch => Volatile.Read(ref _current).Number;

    public string Hash => Volatile.Read(ref _current).Context.Snapshot.Hash;

    public IReadOnlySet<string> RegisteredEvents => Volatile.Read(ref _current).Events;

    /// <summary>The DKIM signers the running policy has built so far (at load, and in handlers called since).</summary>
    public IReadOnlyList<Dkim.DkimSignerInfo> DkimSigners => Volatile.Read(ref _current).Context.Dkim.Signers;

    /// <summary>The log hooks the running policy configured (at load).</summary>
    public IReadOnlyList<LogHooks.LogHookDefinition> LogHooks => Volatile.Read(ref _current).Context.LogHooks.Hooks;

    /// <summary>The policy directory.</summary>
    public string Directory => Volatile.Read(ref _current).Context.Snapshot.Directory;

    public PolicyReloadResult Reload(bool allowDroppedHandlers = false) => Reload(allowDroppedHandlers, stillQuiet: null)!;

    /// <summary>
    /// The reload: a stable snapshot of the directory, then a new epoch from it. With
    /// <paramref name="stillQuiet"/> (the watcher's "no change since the quiet period began"), null
    /// when a change arrived while the files were read: the watcher tries again once they settle.
    /// </summary>
    internal PolicyReloadResult? Reload(bool allowDroppedHandlers, Func<bool>? stillQuiet)
    {
        lock (_reloadLock)
        {
            var current = Volatile.Read(ref _current);
            PolicySnapshot snapshot;
            try
            {
                snapshot = ReadStableSnapshot(current);
            }
            catch (Exception ex) when (ex is PolicyException or IOException or UnauthorizedAccessException)
            {
                return Failed(current, ex is PolicyException pe ? pe.Error : new PolicyError(PolicyEvents.Load, null, 0, ex.Message));
            }
            if (stillQuiet is not null && !stillQuiet())
            {
                return null;
            }
            if (snapshot.Hash == current.Context.Snapshot.Hash)
            {
                return new PolicyReloadResult(PolicyReloadOutcome.Unchanged, current.Number, current.Context.Snapshot.Hash);
            }
            PolicyEpoch next;
            try
            {
                next = BuildEpoch(_options, _logger, current.Number + 1, snapshot);
            }
            catch (PolicyException ex)
            {
                return Failed(current, ex.Error);
            }
            var dropped = PolicyEvents.All.Where(e => current.Events.Contains(e) && !next.Events.Contains(e)).ToList();
            if (dropped.Count > 0 && !allowDroppedHandlers)
            {
                next.Retire();
                return Refused(current, snapshot, dropped);
            }
            Volatile.Write(ref _current, next);
            current.Retire();
            PolicyLog.Loaded(_logger, snapshot.FullPath(snapshot.Entry), next.Number, snapshot.Hash);
            return new PolicyReloadResult(PolicyReloadOutcome.Reloaded, next.Number, snapshot.Hash);
        }
    }

    /// <summary>
    /// Reads the directory until two reads in a row hash the same, so a file written meanwhile is
    /// not loaded half done; gives up (the old policy keeps running) when it keeps changing.
    /// </summary>
    private PolicySnapshot ReadStableSnapshot(PolicyEpoch current)
    {
        const int attempts = 5;
        var extra = current.Context.WatchedExternalFiles.ToList();
        var snapshot = PolicySnapshot.Read(_options.PolicyFile, _options.MaxPolicyBytes, extra);
        for (var i = 1; i < attempts; i++)
        {
            var again = PolicySnapshot.Read(_options.PolicyFile, _options.MaxPolicyBytes, extra);
            if (again.Hash == snapshot.Hash)
            {
                return snapshot;
            }
            snapshot = again;
        }
        throw new PolicyException(new PolicyError(PolicyEvents.Load, snapshot.FullPath(snapshot.Entry), 0,
            $"the policy files changed on each of {attempts} reads; reload again once they are written"));
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        Volatile.Read(ref _current).Retire();
    }

    private PolicyReloadResult Failed(PolicyEpoch current, PolicyError error)
    {
        PolicyLog.ReloadFailed(_logger, current.Number, error.ToString());
        return new PolicyReloadResult(PolicyReloadOutcome.Failed, current.Number, current.Context.Snapshot.Hash, error);
    }

    /// <summary>
    /// A policy that lost handlers would silently hand every new queue, path or check the built-in
    /// defaults (a queue without its routing goes to MX and bounces): refused unless asked for.
    /// </summary>
    private PolicyReloadResult Refused(PolicyEpoch current, PolicySnapshot snapshot, List<string> dropped)
    {
        var file = snapshot.FullPath(snapshot.Entry);
        var handlers = string.Join(", ", dropped);
        var error = new PolicyError(PolicyEvents.Load, file, 0,
            $"reload refused: the new policy no longer registers {handlers}, which the running policy (epoch {current.Number}) handles; " +
            "if the file was caught half written it is reloaded once complete, and to drop handlers on purpose reload with allow_dropped_handlers");
        PolicyLog.ReloadRefused(_logger, current.Number, file, handlers);
        return new PolicyReloadResult(PolicyReloadOutcome.Refused, current.Number, current.Context.Snapshot.Hash, error) { DroppedHandlers = dropped };
    }

    private static PolicyEpoch BuildEpoch(PolicyHostOptions options, ILogger logger, long number, PolicySnapshot? snapshot = null)
    {
        snapshot ??= PolicySnapshot.Read(options.PolicyFile, options.MaxPolicyBytes);
        var context = new EpochContext(snapshot, options, logger);
        return new PolicyEpoch(number, context, LuaRunner.Create(context));
    }
}
