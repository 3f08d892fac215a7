using System.Collections.Concurrent;
using Akka.Mta.Actors;

namespace Akka.Mta.Cluster;

/// <summary>Options of a singleton.</summary>
public sealed record ClusterSingletonSettings
{
    public static readonly ClusterSingletonSettings Default = new();

    /// <summary>What the manager sends the singleton to stop it at hand-over (cluster provider).</summary>
    public object TerminationMessage { get; init; } = PoisonPill.Instance;

    /// <summary>Round-trip every message through its serializer on the way in (for tests).</summary>
    public bool SerializeMessages { get; init; }
}

/// <summary>
/// One actor of a kind in the whole cluster (Akka.Cluster.Tools' singleton manager + proxy):
/// <c>ClusterSingleton.Get(system).Init("tsa", Props.Create(() =&gt; new TsaActor()))</c> returns
/// the proxy ref; tell it from any node. Locally the singleton lives in this process.
/// </summary>
public sealed class ClusterSingleton
{
    private readonly ActorSystem _system;
    private readonly ConcurrentDictionary<string, Lazy<IActorRef>> _proxies = new(StringComparer.Ordinal);

    private ClusterSingleton(ActorSystem system) => _system = system;

    public static ClusterSingleton Get(ActorSystem system) => system.GetOrAddExtension(static s => new ClusterSingleton(s));

    /// <summary>Starts the singleton (once per name) and returns its proxy.</summary>
    public IActorRef Init(string name, Props props, ClusterSingletonSettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(props);
        var spec = new SingletonSpec(name, props, settings ?? ClusterSingletonSettings.Default);
        return _proxies.GetOrAdd(name, _ => new Lazy<IActorRef>(() => ClusterProvider.Get(_system).Current.StartSingleton(_system, spec))).Value;
    }

    /// <summary>The proxy of a singleton started with Init.</summary>
    public IActorRef Proxy(string name) =>
        _proxies.TryGetValue(name, out var proxy) ? proxy.Value : throw new ArgumentException($"No singleton \"{name}\" has been initialised.", nameof(name));
}
