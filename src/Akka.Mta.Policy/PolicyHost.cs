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
            host._watcher = new PolicyFileWatcher(epoch.Context.Snapshot.Directory, () => host.Reload(), logger);
        }
        return host;
    }

    public long Epoch => Volatile.Read(ref _current).Number;

    public string Hash => Volatile.Read(ref _current).Context.Snapshot.Hash;

    public IReadOnlySet<string> RegisteredEvents => Volatile.Read(ref _current).Events;

    /// <summary>The DKIM signers the running policy has built so far (at load, and in handlers called since).</summary>
    public IReadOnlyList<Dkim.DkimSignerInfo> DkimSigners => Volatile.Read(ref _current).Context.Dkim.Signers;

    /// <summary>The policy directory.</summary>
    public string Directory => Volatile.Read(ref _current).Context.Snapshot.Directory;

    public PolicyReloadResult Reload()
    {
        lock (_reloadLock)
        {
            var current = Volatile.Read(ref _current);
            PolicySnapshot snapshot;
            try
            {
                snapshot = PolicySnapshot.Read(_options.PolicyFile, _options.MaxPolicyBytes, current.Context.WatchedExternalFiles);
            }
            catch (Exception ex) when (ex is PolicyException or IOException or UnauthorizedAccessException)
            {
                return Failed(current, ex is PolicyException pe ? pe.Error : new PolicyError(PolicyEvents.Load, null, 0, ex.Message));
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
            Volatile.Write(ref _current, next);
            current.Retire();
            PolicyLog.Loaded(_logger, snapshot.FullPath(snapshot.Entry), next.Number, snapshot.Hash);
            return new PolicyReloadResult(PolicyReloadOutcome.Reloaded, next.Number, snapshot.Hash);
        }
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

    private static PolicyEpoch BuildEpoch(PolicyHostOptions options, ILogger logger, long number, PolicySnapshot? snapshot = null)
    {
        snapshot ??= PolicySnapshot.Read(options.PolicyFile, options.MaxPolicyBytes);
        var context = new EpochContext(snapshot, options, logger);
        return new PolicyEpoch(number, context, LuaRunner.Create(context));
    }
}
