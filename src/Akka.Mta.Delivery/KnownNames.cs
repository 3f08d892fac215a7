using System.Collections.Concurrent;

namespace Akka.Mta.Delivery;

/// <summary>
/// A growing set of entity names (scheduled queues, egress paths) this node has addressed since it
/// started, for the admin API and the gauges: entities are created on first message, so a set kept
/// beside the regions is how the node lists them without asking every shard. Thread-safe.
/// </summary>
public sealed class KnownNames
{
    private readonly ConcurrentDictionary<string, byte> _names = new(StringComparer.Ordinal);

    public void Add(string name) => _names.TryAdd(name, 0);

    public bool Contains(string name) => _names.ContainsKey(name);

    public IReadOnlyCollection<string> Snapshot() => [.. _names.Keys];
}
