using Akka.Mta.Delivery.Clustering;
using Microsoft.Extensions.Configuration;

namespace Akka.Mta.Node.Hosting;

/// <summary>The node's actor system: cluster address and where the singletons' state is kept.</summary>
public sealed partial record NodeOptions
{
    /// <summary>The Akka.Remote address (<c>Cluster:Hostname</c>, <c>Cluster:Port</c>; port 0 takes a free one).</summary>
    public string ClusterHostname { get; init; } = "127.0.0.1";

    public int ClusterPort { get; init; }

    /// <summary><c>Persistence:Provider</c>: <c>sqlite</c> (default, <c>Persistence:Path</c> under DataDir) or <c>postgres</c> (<c>Persistence:ConnectionString</c>).</summary>
    public StateStoreProvider StateStore { get; init; } = StateStoreProvider.Sqlite;

    /// <summary>The SQLite file of the TSA and admin-controls state (not the spool's file); default <c>akka.db</c> under <see cref="DataDir"/>.</summary>
    public string StatePath
    {
        get => _statePath ?? Path.Combine(DataDir, "akka.db");
        init => _statePath = value;
    }

    private readonly string? _statePath;

    public string? StateConnectionString { get; init; }

    /// <summary>What the actor system is built from.</summary>
    public AkkaNodeOptions Akka => new()
    {
        Hostname = ClusterHostname,
        Port = ClusterPort,
        StateStore = StateStore,
        StateStoreConnectionString = StateStore == StateStoreProvider.Postgres ? StateConnectionString : $"Data Source={StatePath}",
    };

    private static NodeOptions WithAkka(NodeOptions options, IConfiguration configuration, string dataDir)
    {
        var port = configuration["Cluster:Port"] is { } text
            ? int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) && p <= 65535
                ? p
                : throw new NodeConfigurationException("Cluster:Port", $"\"{text}\" is not a port (0-65535; 0 takes a free one)")
            : 0;
        var provider = (configuration["Persistence:Provider"] ?? "sqlite").Trim().ToLowerInvariant() switch
        {
            "sqlite" => StateStoreProvider.Sqlite,
            "postgres" or "postgresql" => StateStoreProvider.Postgres,
            var other => throw new NodeConfigurationException("Persistence:Provider", $"\"{other}\" is not sqlite or postgres"),
        };
        var connectionString = configuration["Persistence:ConnectionString"];
        if (provider == StateStoreProvider.Postgres && string.IsNullOrWhiteSpace(connectionString))
        {
            throw new NodeConfigurationException("Persistence:ConnectionString", "is required when Persistence:Provider is postgres");
        }
        return options with
        {
            ClusterHostname = configuration["Cluster:Hostname"] ?? "127.0.0.1",
            ClusterPort = port,
            StateStore = provider,
            StatePath = ConfigurationPaths.FullPath(configuration, "Persistence:Path") ?? Path.Combine(dataDir, "akka.db"),
            StateConnectionString = connectionString,
        };
    }
}
