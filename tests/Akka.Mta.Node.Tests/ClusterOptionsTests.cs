using Akka.Mta.Delivery.Clustering;
using Akka.Mta.Node.Hosting;
using Microsoft.Extensions.Configuration;

namespace Akka.Mta.Node.Tests;

/// <summary>The <c>Cluster:*</c>, <c>Spool:Provider</c> and <c>Persistence:*</c> keys: defaults, conversions, and a key named in every refusal.</summary>
public sealed class ClusterOptionsTests
{
    private const string Postgres = "Host=127.0.0.1;Port=5432;Username=mta;Database=mta";

    private static NodeOptions Options(params (string Key, string Value)[] pairs) =>
        NodeOptions.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build());

    private static NodeConfigurationException Refused(params (string Key, string Value)[] pairs) =>
        Assert.Throws<NodeConfigurationException>(() => Options(pairs));

    [Fact]
    public void Defaults_AreALoneNode_OnSqlite()
    {
        var options = Options();

        Assert.Equal("akka-mta", options.Akka.Name);
        Assert.Equal("127.0.0.1", options.Akka.Hostname);
        Assert.Equal(0, options.Akka.Port);
        Assert.Empty(options.Akka.SeedNodes);
        Assert.Empty(options.Akka.Roles);
        Assert.Equal(TimeSpan.FromSeconds(7), options.Akka.StableAfter);
        Assert.Equal(SpoolProvider.Sqlite, options.Spool);
        Assert.Equal(StateStoreProvider.Sqlite, options.Akka.StateStore);
        Assert.Null(options.NodeName);
    }

    [Fact]
    public void ClusterKeys_ReachTheActorSystem()
    {
        var options = Options(("Cluster:Name", "mta-eu"), ("Cluster:Hostname", "10.0.0.5"), ("Cluster:Port", "4051"),
            ("Cluster:SeedNodes:0", "10.0.0.5:4051"), ("Cluster:SeedNodes:1", "10.0.0.6:4051"), ("Cluster:Roles", "delivery, automation"),
            ("Cluster:SplitBrainResolver:StableAfter", "15s"), ("Cluster:NodeName", "mta-1"),
            ("Spool:Provider", "postgres"), ("Spool:ConnectionString", Postgres));

        var akka = options.Akka;
        Assert.Equal("mta-eu", akka.Name);
        Assert.Equal("10.0.0.5", akka.Hostname);
        Assert.Equal(4051, akka.Port);
        Assert.Equal(["10.0.0.5:4051", "10.0.0.6:4051"], akka.SeedNodes);
        Assert.Equal(["delivery", "automation"], akka.Roles);
        Assert.Equal(TimeSpan.FromSeconds(15), akka.StableAfter);
        Assert.Equal("mta-1", options.NodeName);
        var hocon = AkkaSetup.Node(akka);
        Assert.Equal(["akka.tcp://mta-eu@10.0.0.5:4051", "akka.tcp://mta-eu@10.0.0.6:4051"], hocon.GetStringList("akka.cluster.seed-nodes"));
        Assert.Equal(["delivery", "automation"], hocon.GetStringList("akka.cluster.roles"));
        Assert.Equal(TimeSpan.FromSeconds(15), hocon.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));
        Assert.Equal("keep-majority", hocon.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        Assert.Equal(TimeSpan.FromSeconds(1), hocon.GetTimeSpan("akka.cluster.down-removal-margin"));
        Assert.Equal(TimeSpan.FromSeconds(1), hocon.GetTimeSpan("akka.cluster.seed-node-timeout"));
        Assert.Equal(TimeSpan.FromSeconds(1), hocon.GetTimeSpan("akka.cluster.retry-unsuccessful-join-after"));
    }

    [Fact]
    public void PostgresSpool_IsAlsoThePersistenceStore_UnlessConfiguredApart()
    {
        var shared = Options(("Spool:Provider", "postgres"), ("Spool:ConnectionString", Postgres));
        Assert.Equal(SpoolProvider.Postgres, shared.Spool);
        Assert.Equal(StateStoreProvider.Postgres, shared.Akka.StateStore);
        Assert.Equal(shared.SpoolConnectionString, shared.Akka.StateStoreConnectionString);

        var apart = Options(("Spool:Provider", "postgres"), ("Spool:ConnectionString", Postgres),
            ("Persistence:ConnectionString", "Host=127.0.0.2;Database=state"));
        Assert.Contains("127.0.0.2", apart.Akka.StateStoreConnectionString);

        var sqliteState = Options(("Spool:Provider", "postgres"), ("Spool:ConnectionString", Postgres), ("Persistence:Provider", "sqlite"));
        Assert.Equal(StateStoreProvider.Sqlite, sqliteState.Akka.StateStore);
        Assert.StartsWith("Data Source=", sqliteState.Akka.StateStoreConnectionString);
    }

    [Fact]
    public void PostgresUrl_IsConvertedToAnNpgsqlConnectionString()
    {
        var options = Options(("Spool:Provider", "postgres"), ("Spool:ConnectionString", "postgres://mta:s%40cret@db.example:6543/spool?sslmode=require"));

        var builder = new Npgsql.NpgsqlConnectionStringBuilder(options.SpoolConnectionString);
        Assert.Equal("db.example", builder.Host);
        Assert.Equal(6543, builder.Port);
        Assert.Equal("spool", builder.Database);
        Assert.Equal("mta", builder.Username);
        Assert.Equal("s@cret", builder.Password);
        Assert.Equal(Npgsql.SslMode.Require, builder.SslMode);
    }

    [Fact]
    public void SeedNodes_WithASqliteSpool_AreRefused_NamingTheKeys()
    {
        var e = Refused(("Cluster:SeedNodes:0", "127.0.0.1:4051"));

        Assert.Equal("Cluster:SeedNodes", e.Key);
        Assert.Contains("Spool:Provider is sqlite", e.Message);
        Assert.Contains("Spool:ConnectionString", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void SeedNodes_WithSqliteState_AreRefused()
    {
        var e = Refused(("Cluster:SeedNodes:0", "127.0.0.1:4051"), ("Spool:Provider", "postgres"), ("Spool:ConnectionString", Postgres),
            ("Persistence:Provider", "sqlite"));

        Assert.Equal("Persistence:Provider", e.Key);
        Assert.Contains("Cluster:SeedNodes", e.Message);
    }

    [Theory]
    [InlineData("Cluster:Name", "akka mta", "not an actor system name")]
    [InlineData("Cluster:Name", "-mta", "not an actor system name")]
    [InlineData("Cluster:Port", "65536", "not a port")]
    [InlineData("Cluster:Port", "x", "not a port")]
    [InlineData("Cluster:Hostname", "a b", "not a host name")]
    [InlineData("Cluster:SeedNodes:0", "127.0.0.1", "not host:port")]
    [InlineData("Cluster:SeedNodes:0", "127.0.0.1:0", "not host:port")]
    [InlineData("Cluster:SeedNodes:0", "akka.tcp://akka-mta@127.0.0.1:4051", "not host:port")]
    [InlineData("Cluster:Roles:0", "has space", "not a role name")]
    [InlineData("Cluster:SplitBrainResolver:StableAfter", "soon", "not a duration")]
    [InlineData("Cluster:SplitBrainResolver:StableAfter", "0", "not a duration")]
    [InlineData("Cluster:NodeName", " ", "is empty")]
    [InlineData("Spool:Provider", "mysql", "not sqlite or postgres")]
    [InlineData("Persistence:Provider", "mysql", "not sqlite or postgres")]
    public void BadValue_NamesItsKey(string key, string value, string problem)
    {
        (string, string)[] pairs = key.StartsWith("Cluster:SeedNodes", StringComparison.Ordinal)
            ? [(key, value), ("Spool:Provider", "postgres"), ("Spool:ConnectionString", Postgres)]
            : [(key, value)];

        var e = Refused(pairs);

        Assert.Equal(key, e.Key);
        Assert.Contains(problem, e.Message);
    }

    [Theory]
    [InlineData("Host=;Database=x", "names no Host")]
    [InlineData("Hots=127.0.0.1", "not an Npgsql connection string")]
    [InlineData("postgres://", "not a URL")]
    [InlineData("postgres://u@h/db?nosuchsetting=1", "nosuchsetting")]
    public void BadSpoolConnectionString_NamesTheKey(string value, string problem)
    {
        var e = Refused(("Spool:Provider", "postgres"), ("Spool:ConnectionString", value));

        Assert.Equal("Spool:ConnectionString", e.Key);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void PostgresSpool_WithoutAConnectionString_NamesTheKey()
    {
        var e = Refused(("Spool:Provider", "postgres"));

        Assert.Equal("Spool:ConnectionString", e.Key);
        Assert.Contains("required", e.Message);
    }

    [Fact]
    public void PostgresState_WithoutAConnectionString_NamesTheKey()
    {
        var e = Refused(("Persistence:Provider", "postgres"));

        Assert.Equal("Persistence:ConnectionString", e.Key);
    }

    [Fact]
    public void NodeName_IsTheHostName_AloneAndTheClusterAddress_InACluster()
    {
        var self = new Akka.Actor.Address("akka.tcp", "akka-mta", "127.0.0.1", 4052);
        Assert.Equal("mta.example", NodeHost.NodeNameOf(Options(("HostName", "mta.example")), self));
        Assert.Equal("127.0.0.1:4052", NodeHost.NodeNameOf(Options(("HostName", "mta.example"), ("Cluster:SeedNodes:0", "127.0.0.1:4051"),
            ("Spool:Provider", "postgres"), ("Spool:ConnectionString", Postgres)), self));
        Assert.Equal("n2", NodeHost.NodeNameOf(Options(("Cluster:NodeName", "n2")), self));
    }

    [Fact]
    public async Task Serve_WithSeedNodes_AndASqliteSpool_RefusesWithOneLineNamingTheKeys()
    {
        var (exit, stdout, stderr) = await AkkaMtaProcess.RunAsync(["serve", "--smtp-listen", "127.0.0.1:0", "--http-listen", "127.0.0.1:0"],
            new Dictionary<string, string> { ["AKKAMTA__Cluster__SeedNodes"] = "127.0.0.1:4051", ["AKKAMTA__DataDir"] = Path.Combine(Path.GetTempPath(), "akka-mta-refused-" + Guid.NewGuid().ToString("N")) });

        Assert.Equal(2, exit);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("akka-mta serve: configuration Cluster:SeedNodes: ", line);
        Assert.Contains("Spool:Provider", line);
        Assert.DoesNotContain("SMTP on", stdout);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TheLoopbackThreeNodeConfiguration_Loads_WithDistinctPortsAndTheSameSeeds(int node)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "cluster-config", "loopback-3-node")))
        {
            dir = dir.Parent;
        }
        Assert.NotNull(dir);
        var file = Path.Combine(dir.FullName, "cluster-config", "loopback-3-node", $"node{node}.json");

        var options = NodeOptions.FromConfiguration(new ConfigurationBuilder().AddJsonFile(file).Build());

        Assert.Equal(4050 + node, options.ClusterPort);
        Assert.Equal(8000 + node, options.HttpListen.Port);
        Assert.Equal(2524 + node, options.SmtpListen.Port);
        Assert.Equal(["127.0.0.1:4051", "127.0.0.1:4052", "127.0.0.1:4053"], options.SeedNodes);
        Assert.Equal(SpoolProvider.Postgres, options.Spool);
        Assert.Equal(StateStoreProvider.Postgres, options.StateStore);
        Assert.Equal($"node{node}", options.NodeName);
        Assert.Equal(Path.Combine(dir.FullName, "policy", "init.lua"), options.PolicyFile);
        Assert.Equal(Path.Combine(dir.FullName, "cluster-config", "loopback-3-node", "data", $"node{node}"), options.DataDir);
    }
}
