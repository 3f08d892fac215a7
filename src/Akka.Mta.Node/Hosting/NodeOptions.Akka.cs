using System.Globalization;
using System.Text.RegularExpressions;
using Akka.Mta.Core.Throttling;
using Akka.Mta.Delivery.Clustering;
using Microsoft.Extensions.Configuration;

namespace Akka.Mta.Node.Hosting;

/// <summary>Where a node keeps its spool (<c>Spool:Provider</c>).</summary>
public enum SpoolProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The node's actor system and where it keeps its data: the cluster it joins (<c>Cluster:*</c>), the
/// spool (<c>Spool:Provider</c>) and the singletons' state (<c>Persistence:*</c>). A node with seed
/// nodes shares its spool and state with the other members, so both must be PostgreSQL.
/// </summary>
public sealed partial record NodeOptions
{
    public const string DefaultClusterName = "akka-mta";

    /// <summary>The actor system's name (<c>Cluster:Name</c>): every member of one cluster has the same.</summary>
    public string ClusterName { get; init; } = DefaultClusterName;

    /// <summary>The Akka.Remote address (<c>Cluster:Hostname</c>, <c>Cluster:Port</c>; port 0 takes a free one).</summary>
    public string ClusterHostname { get; init; } = "127.0.0.1";

    public int ClusterPort { get; init; }

    /// <summary><c>Cluster:SeedNodes</c> as <c>host:port</c>; none: the node is a cluster of one and joins itself.</summary>
    public IReadOnlyList<string> SeedNodes { get; init; } = [];

    /// <summary><c>Cluster:Roles</c>: the member's roles, shown by <c>/api/cluster/v1/members</c>.</summary>
    public IReadOnlyList<string> ClusterRoles { get; init; } = [];

    /// <summary><c>Cluster:SplitBrainResolver:StableAfter</c>: how long membership must be stable before the resolver downs unreachable members.</summary>
    public TimeSpan StableAfter { get; init; } = DefaultStableAfter;

    public static readonly TimeSpan DefaultStableAfter = TimeSpan.FromSeconds(7);

    /// <summary>
    /// <c>Cluster:NodeName</c>: the node's name in log records (<c>nodeid</c>) and the <c>node</c> label
    /// of its metrics. Null: the <see cref="HostName"/> for a node without seed nodes, else its cluster
    /// address <c>host:port</c> (unique among the members), decided once the node is up.
    /// </summary>
    public string? NodeName { get; init; }

    /// <summary><c>Spool:Provider</c>: <c>sqlite</c> (default, the file <see cref="SpoolPath"/>) or <c>postgres</c> (<see cref="SpoolConnectionString"/>).</summary>
    public SpoolProvider Spool { get; init; } = SpoolProvider.Sqlite;

    /// <summary>The spool's Npgsql connection string when <see cref="Spool"/> is PostgreSQL (<c>Spool:ConnectionString</c>; a <c>postgres://</c> URL is converted).</summary>
    public string? SpoolConnectionString { get; init; }

    /// <summary><c>Persistence:Provider</c>: <c>sqlite</c> (<c>Persistence:Path</c> under DataDir) or <c>postgres</c> (<c>Persistence:ConnectionString</c>); defaults to the spool's.</summary>
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
        Name = ClusterName,
        Hostname = ClusterHostname,
        Port = ClusterPort,
        SeedNodes = SeedNodes,
        Roles = ClusterRoles,
        StableAfter = StableAfter,
        StateStore = StateStore,
        StateStoreConnectionString = StateStore == StateStoreProvider.Postgres ? StateConnectionString : $"Data Source={StatePath}",
    };

    // Akka.NET's rule for an actor system's name (it refuses others at start).
    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_-]*$")]
    private static partial Regex SystemName();

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex RoleName();

    private static NodeOptions WithAkka(NodeOptions options, IConfiguration configuration, string dataDir)
    {
        var name = (configuration["Cluster:Name"] ?? DefaultClusterName).Trim();
        if (!SystemName().IsMatch(name))
        {
            throw new NodeConfigurationException("Cluster:Name", $"\"{name}\" is not an actor system name (letters, digits, '-' and '_', starting with a letter or digit)");
        }
        var port = configuration["Cluster:Port"] is { } text
            ? int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p <= 65535
                ? p
                : throw new NodeConfigurationException("Cluster:Port", $"\"{text}\" is not a port (0-65535; 0 takes a free one)")
            : 0;
        var hostname = (configuration["Cluster:Hostname"] ?? "127.0.0.1").Trim();
        if (hostname.Length == 0 || hostname.Any(c => char.IsWhiteSpace(c) || c is '/' or '@' or '"'))
        {
            throw new NodeConfigurationException("Cluster:Hostname", $"\"{hostname}\" is not a host name or IP address");
        }
        var seeds = (List(configuration, "Cluster:SeedNodes") ?? []).Select((seed, i) => SeedNode($"Cluster:SeedNodes:{i}", seed)).ToList();
        var roles = (List(configuration, "Cluster:Roles") ?? []).Select((role, i) => RoleName().IsMatch(role)
            ? role
            : throw new NodeConfigurationException($"Cluster:Roles:{i}", $"\"{role}\" is not a role name (letters, digits, '.', '-' and '_')")).ToList();
        var stableAfter = configuration["Cluster:SplitBrainResolver:StableAfter"] is { } stable
            ? HumanDuration.TryParse(stable.Trim(), out var d, out var problem) && d >= TimeSpan.FromSeconds(1)
                ? d
                : throw new NodeConfigurationException("Cluster:SplitBrainResolver:StableAfter", $"\"{stable}\" is not a duration of 1 s or more (7s, 1m, or seconds){(problem.Length > 0 ? ": " + problem : "")}")
            : DefaultStableAfter;
        var nodeName = configuration["Cluster:NodeName"] is { } nodeText
            ? nodeText.Trim() is { Length: > 0 } trimmed && !trimmed.Any(char.IsControl)
                ? trimmed
                : throw new NodeConfigurationException("Cluster:NodeName", "is empty or holds control characters; give a name or leave the key out")
            : null;

        var spool = (configuration["Spool:Provider"] ?? "sqlite").Trim().ToLowerInvariant() switch
        {
            "sqlite" => SpoolProvider.Sqlite,
            "postgres" or "postgresql" => SpoolProvider.Postgres,
            var other => throw new NodeConfigurationException("Spool:Provider", $"\"{other}\" is not sqlite or postgres"),
        };
        var spoolConnection = ConnectionString(configuration, "Spool:ConnectionString");
        if (spool == SpoolProvider.Postgres && spoolConnection is null)
        {
            throw new NodeConfigurationException("Spool:ConnectionString", "is required when Spool:Provider is postgres (an Npgsql connection string or a postgres://user:password@host:port/database URL)");
        }

        // Akka.Persistence.Sql follows the spool unless told otherwise: one PostgreSQL database for both.
        var explicitProvider = configuration["Persistence:Provider"];
        var provider = explicitProvider is null
            ? spool == SpoolProvider.Postgres ? StateStoreProvider.Postgres : StateStoreProvider.Sqlite
            : explicitProvider.Trim().ToLowerInvariant() switch
            {
                "sqlite" => StateStoreProvider.Sqlite,
                "postgres" or "postgresql" => StateStoreProvider.Postgres,
                var other => throw new NodeConfigurationException("Persistence:Provider", $"\"{other}\" is not sqlite or postgres"),
            };
        var stateConnection = ConnectionString(configuration, "Persistence:ConnectionString")
            ?? (provider == StateStoreProvider.Postgres && spool == SpoolProvider.Postgres ? spoolConnection : null);
        if (provider == StateStoreProvider.Postgres && stateConnection is null)
        {
            throw new NodeConfigurationException("Persistence:ConnectionString", "is required when Persistence:Provider is postgres and the spool is not (or set Spool:Provider to postgres to share its database)");
        }

        if (seeds.Count > 0 && spool == SpoolProvider.Sqlite)
        {
            throw new NodeConfigurationException("Cluster:SeedNodes",
                "a node of a cluster needs the spool every member shares, but Spool:Provider is sqlite (a file of this node): set Spool:Provider to postgres and Spool:ConnectionString, or leave Cluster:SeedNodes out for a single node");
        }
        if (seeds.Count > 0 && provider == StateStoreProvider.Sqlite)
        {
            throw new NodeConfigurationException("Persistence:Provider",
                "is sqlite while Cluster:SeedNodes is set: the TSA and admin controls move between members and need state every member reads; use postgres (the default with a postgres spool)");
        }

        return options with
        {
            ClusterName = name,
            ClusterHostname = hostname,
            ClusterPort = port,
            SeedNodes = seeds,
            ClusterRoles = roles,
            StableAfter = stableAfter,
            NodeName = nodeName,
            Spool = spool,
            SpoolConnectionString = spoolConnection,
            StateStore = provider,
            StatePath = ConfigurationPaths.FullPath(configuration, "Persistence:Path") ?? Path.Combine(dataDir, "akka.db"),
            StateConnectionString = stateConnection,
        };
    }

    /// <summary><c>host:port</c> with a port of 1-65535 (an IPv6 address in brackets).</summary>
    private static string SeedNode(string key, string text)
    {
        var colon = text.LastIndexOf(':');
        var host = colon > 0 ? text[..colon] : "";
        var port = colon > 0 ? text[(colon + 1)..] : "";
        if (host.Length == 0 || host.Any(c => char.IsWhiteSpace(c) || c is '/' or '@' or '"')
            || (host.Contains(':', StringComparison.Ordinal) && !(host.StartsWith('[') && host.EndsWith(']')))
            || !int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
        {
            throw new NodeConfigurationException(key, $"\"{text}\" is not host:port of a seed node's Cluster:Port (for example 127.0.0.1:4051)");
        }
        return text;
    }

    /// <summary>A connection string key as an Npgsql connection string (a URL converted); null when absent.</summary>
    private static string? ConnectionString(IConfiguration configuration, string key)
    {
        if (configuration[key] is not { } text)
        {
            return null;
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new NodeConfigurationException(key, "is empty; give an Npgsql connection string or a postgres:// URL, or leave the key out");
        }
        try
        {
            return PostgresConnectionString.From(text.Trim());
        }
        catch (FormatException e)
        {
            throw new NodeConfigurationException(key, e.Message);
        }
    }
}
