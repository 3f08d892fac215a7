using System.Globalization;
using System.Text;
using Akka.Configuration;

namespace Akka.Mta.Delivery.Clustering;

/// <summary>Where the TSA and admin-controls state is kept (Akka.Persistence.Sql).</summary>
public enum StateStoreProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// What an Akka.Mta actor system is made of; one node is a cluster of one that joins itself, so the
/// sharded and singleton code path is the only one.
/// </summary>
public sealed record AkkaNodeOptions
{
    /// <summary>The actor system's name: every node of one cluster uses the same.</summary>
    public string Name { get; init; } = "akka-mta";

    /// <summary>The address remoting binds and announces.</summary>
    public string Hostname { get; init; } = "127.0.0.1";

    /// <summary>The remoting port; 0 takes any free port (a lone node).</summary>
    public int Port { get; init; }

    /// <summary>Seed nodes as <c>host:port</c>; none: the node joins itself.</summary>
    public IReadOnlyList<string> SeedNodes { get; init; } = [];

    /// <summary>The member's roles (<c>akka.cluster.roles</c>).</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>The split brain resolver's <c>stable-after</c>.</summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(7);

    public StateStoreProvider StateStore { get; init; } = StateStoreProvider.Sqlite;

    /// <summary>The state store's connection string (SQLite: <c>Data Source=FILE</c>; PostgreSQL: an Npgsql string).</summary>
    public string? StateStoreConnectionString { get; init; }

    /// <summary>
    /// Round-trip every message told to an actor through its serializer (Akka's serialize-messages),
    /// as a hop to another node would: for tests, so a message that could not cross nodes fails on one.
    /// </summary>
    public bool SerializeMessages { get; init; }
}

/// <summary>The HOCON of an Akka.Mta node, in one place for the node, the tests and the benchmarks.</summary>
public static class AkkaSetup
{
    public const string SerializerName = "mta-json";
    public const string GuardName = "mta-unbound-guard";

    /// <summary>
    /// The project's serializer with a binding to it for every type of <see cref="MessageTypes"/>, and
    /// the catch-all that refuses the project's types without one (<see cref="UnboundTypeGuard"/>).
    /// </summary>
    public static Config Serialization(bool verifyingEveryMessage = false)
    {
        var hocon = new StringBuilder();
        hocon.AppendLine("akka.actor.serializers {");
        hocon.AppendLine(CultureInfo.InvariantCulture, $"  {SerializerName} = \"{TypeName(typeof(MtaJsonSerializer))}\"");
        var guard = verifyingEveryMessage ? typeof(UnboundTypeGuard.Verifying) : typeof(UnboundTypeGuard);
        hocon.AppendLine(CultureInfo.InvariantCulture, $"  {GuardName} = \"{TypeName(guard)}\"");
        hocon.AppendLine("}");
        hocon.AppendLine("akka.actor.serialization-bindings {");
        hocon.AppendLine(CultureInfo.InvariantCulture, $"  \"System.Object\" = {GuardName}");
        foreach (var type in MessageTypes.All.OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            hocon.AppendLine(CultureInfo.InvariantCulture, $"  \"{TypeName(type)}\" = {SerializerName}");
        }
        hocon.AppendLine("}");
        return ConfigurationFactory.ParseString(hocon.ToString());
    }

    /// <summary>Cluster provider, remoting, split brain resolver, sharding and singleton settings, and the serializer.</summary>
    public static Config Node(AkkaNodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var seeds = string.Join(", ", options.SeedNodes.Select(s => Quote($"akka.tcp://{options.Name}@{s}")));
        var roles = string.Join(", ", options.Roles.Select(Quote));
        var hocon = $$"""
            akka {
              loglevel = INFO
              actor {
                provider = cluster
                serialize-messages = {{(options.SerializeMessages ? "on" : "off")}}
              }
              remote.dot-netty.tcp {
                hostname = {{Quote(options.Hostname)}}
                port = {{options.Port.ToString(CultureInfo.InvariantCulture)}}
              }
              cluster {
                seed-nodes = [{{seeds}}]
                roles = [{{roles}}]
                # The first seed joins itself when no other seed answers within seed-node-timeout (a
                # node that starts first, or alone); the others retry every second until one answers.
                seed-node-timeout = 1s
                retry-unsuccessful-join-after = 1s
                downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
                split-brain-resolver {
                  active-strategy = keep-majority
                  stable-after = {{Seconds(options.StableAfter)}}
                }
                singleton-proxy {
                  # Records reach the TSA proxy from the first second; it holds them until the singleton is found.
                  buffer-size = 10000
                  singleton-identification-interval = 200ms
                  # Akka 1.5.75 logs "failed to find an associated singleton ... after 30 seconds" at every
                  # start, within a second (a false alarm people would chase); a singleton that is really
                  # missing shows as ask timeouts naming the admin controls or the TSA.
                  log-singleton-identification-failure = off
                }
                # Singletons and shards move this long after a node is removed (it defaults to stable-after).
                down-removal-margin = 1s
                sharding {
                  state-store-mode = ddata
                  remember-entities = off
                  passivate-idle-entity-after = off
                  distributed-data.durable.keys = []
                }
              }
            }
            """;
        return ConfigurationFactory.ParseString(hocon).WithFallback(Serialization(options.SerializeMessages));
    }

    private static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string Seconds(TimeSpan value) => Math.Max(1, (int)Math.Ceiling(value.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s";
}
