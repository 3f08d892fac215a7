using Akka.Mta.Policy.Shaping;

namespace Akka.Mta.Policy;

/// <summary>How a policy host loads and runs the policy.</summary>
public sealed record PolicyHostOptions
{
    public const string DefaultPolicyFile = "policy/init.lua";

    /// <summary>The entry file; its directory is the policy directory (modules, dofile, io.open, shaping files).</summary>
    public string PolicyFile { get; init; } = DefaultPolicyFile;

    /// <summary>Instructions one hook call may run before it fails with "instruction budget exceeded".</summary>
    public long InstructionBudget { get; init; } = 10_000_000;

    /// <summary>Instructions loading the policy files may run.</summary>
    public long LoadInstructionBudget { get; init; } = 200_000_000;

    /// <summary>Bytes one Lua state may allocate; past it the running call fails with "not enough memory". 0: no limit.</summary>
    public long MemoryLimitBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Most Lua states kept per epoch; callers beyond that wait for a free one. Default: 2 per processor.</summary>
    public int MaxStates { get; init; } = Math.Max(2, Environment.ProcessorCount * 2);

    /// <summary>Most bytes read from the policy directory into one epoch's snapshot.</summary>
    public long MaxPolicyBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>Loads <c>mta.shaping.load{...}</c>; null: the function raises "no shaping library configured".</summary>
    public IShapingLoader? ShapingLoader { get; init; }

    /// <summary>The clock of <c>mta.memoize</c> TTLs.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Reload when files in the policy directory change (a FileSystemWatcher calling <c>Reload()</c>).</summary>
    public bool WatchFiles { get; init; }

    /// <summary>
    /// How long the policy directory must see no change before the watcher reloads it, so a file
    /// being rewritten in place (<c>cat &gt; init.lua</c>: empty, then half written) is read once it is whole.
    /// </summary>
    public TimeSpan ReloadQuietPeriod { get; init; } = TimeSpan.FromMilliseconds(500);
}
