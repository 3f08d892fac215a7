using Akka.Actor;
using Akka.Mta.LogHooks;
using Akka.Mta.Delivery.Queueing;

namespace Akka.Mta.Delivery.LogHooks;

// Messages a log hook path sends itself (node-local: INoSerializationVerificationNeeded).

/// <summary>A record waiting in the path, with the pool it was offered from and since when it waits.</summary>
internal sealed record HookItem(QueuedMessage Message, string EgressPool, DateTimeOffset ReadySince) : INoSerializationVerificationNeeded;

/// <summary>
/// What became of a batch: <paramref name="Sent"/> were published (with their outcome), <paramref name="Gone"/> had left
/// the spool, <paramref name="NotOwned"/> were offered by a queue incarnation that no longer owns their queue (not published).
/// </summary>
internal sealed record BatchSent(IReadOnlyList<HookItem> Sent, IReadOnlyList<HookItem> Gone, LogHookResult Result) : INoSerializationVerificationNeeded
{
    public IReadOnlyList<HookItem> NotOwned { get; init; } = [];
}

/// <summary>The oldest ready record has waited max_batch_latency, or a suspension ended: look again.</summary>
internal sealed record HookPumpTick : INoSerializationVerificationNeeded
{
    public static readonly HookPumpTick Instance = new();
}
