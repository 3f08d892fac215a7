namespace Akka.Mta.Policy;

/// <summary>What a reload did.</summary>
public enum PolicyReloadOutcome
{
    /// <summary>New files loaded; new calls use them.</summary>
    Reloaded,

    /// <summary>The files hash the same as the running policy; nothing changed.</summary>
    Unchanged,

    /// <summary>The new files did not load; the old policy keeps running.</summary>
    Failed,

    /// <summary>
    /// The new files load but no longer register handlers the running policy has (a file caught
    /// empty or half written, a handler deleted by mistake); the old policy keeps running.
    /// </summary>
    Refused,
}

/// <summary>The outcome, the epoch now running, its content hash and, on failure or refusal, the error.</summary>
public sealed record PolicyReloadResult(PolicyReloadOutcome Outcome, long Epoch, string Hash, PolicyError? Error = null)
{
    /// <summary>Handlers the refused policy no longer registers (empty unless <see cref="PolicyReloadOutcome.Refused"/>).</summary>
    public IReadOnlyList<string> DroppedHandlers { get; init; } = [];
}
