using System.Collections.Concurrent;
using Akka.Mta.Policy.Shaping;
using Microsoft.Extensions.Logging;

namespace Akka.Mta.Policy;

/// <summary>What the Lua states of one epoch share: the file snapshot, options, logger and the shaping models loaded.</summary>
internal sealed class EpochContext(PolicySnapshot snapshot, PolicyHostOptions options, ILogger logger)
{
    private readonly ConcurrentDictionary<string, Lazy<IShapingModel>> _shaping = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _shapingFiles = new(StringComparer.Ordinal);

    public PolicySnapshot Snapshot { get; } = snapshot;

    public PolicyHostOptions Options { get; } = options;

    public ILogger Logger { get; } = logger;

    /// <summary>The DKIM signers (and keys) this epoch built.</summary>
    public Dkim.DkimSignerCache Dkim { get; } = new();

    /// <summary>The log hooks this epoch's policy configured.</summary>
    public LogHooks.LogHookRegistry LogHooks { get; } = new();

    /// <summary>Files outside the snapshot whose change must reload the policy: shaping files elsewhere and DKIM key files.</summary>
    public IEnumerable<string> WatchedExternalFiles =>
        ExternalShapingFiles.Concat(Dkim.KeyFiles.Where(f => !f.StartsWith(Snapshot.Directory + Path.DirectorySeparatorChar, StringComparison.Ordinal)));

    /// <summary>Shaping files outside the policy directory this epoch loaded (their changes also trigger a reload).</summary>
    public IEnumerable<string> ExternalShapingFiles =>
        _shapingFiles.Keys.Where(f => !f.StartsWith(Snapshot.Directory + Path.DirectorySeparatorChar, StringComparison.Ordinal));

    /// <summary>Loads (once per epoch and file list) the merged shaping model.</summary>
    public IShapingModel LoadShaping(IReadOnlyList<string> paths)
    {
        var loader = Options.ShapingLoader
            ?? throw new InvalidOperationException("mta.shaping.load: no shaping library is configured in this host");
        foreach (var path in paths)
        {
            _shapingFiles.TryAdd(path, 0);
        }
        var key = string.Join('\n', paths);
        var lazy = _shaping.GetOrAdd(key, _ => new Lazy<IShapingModel>(() => loader.Load(paths), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            _shaping.TryRemove(new KeyValuePair<string, Lazy<IShapingModel>>(key, lazy));
            throw;
        }
    }
}
