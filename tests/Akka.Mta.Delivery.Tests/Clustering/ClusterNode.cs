using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Mta.Core.Logging;
using Akka.Mta.Delivery.Clustering;
using Akka.Mta.Delivery.Configuration;
using Akka.Mta.Delivery.Logging;
using Akka.Mta.Delivery.Routing;
using Akka.Mta.Delivery.Tests.Reception;
using Akka.Mta.Dns;
using Akka.Mta.Dns.Mx;
using Akka.Mta.Persistence;
using Akka.Mta.Persistence.Postgres;
using Akka.Mta.Smtp.Sink;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Akka.Mta.Delivery.Tests.Clustering;

/// <summary>
/// One node of an in-process cluster for the ownership tests: its own ActorSystem on a loopback
/// port, joined to <c>seeds</c> (none: it forms its own cluster), the spool in a PostgreSQL database
/// every node shares, the singletons' state in another, the real Lua policy routing every queue
/// to one shared SMTP sink, and the log records its actors write.
/// </summary>
internal sealed class ClusterNode : IAsyncDisposable
{
    private AkkaNode? _akka;
    private IPersistenceStore? _store;
    private DeliveryLog? _log;
    private PolicyDirectory? _policy;

    private ClusterNode(string name, int port)
    {
        Name = name;
        Port = port;
    }

    public string Name { get; }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    public MtaRuntime Runtime { get; private set; } = null!;

    public ActorSystem System => _raw ?? _akka!.System;

    public IPersistenceStore Store => _store!;

    public ConcurrentQueue<LogRecord> Records { get; } = new();

    public List<LogRecord> OfType(LogRecordType type) => Records.Where(r => r.Type == type).ToList();

    public string Summary() => string.Join(", ", Records.GroupBy(r => r.Type).Select(g => $"{g.Count()} {g.Key}"));

    private static ILoggerFactory TestLoggers => Environment.GetEnvironmentVariable("AKKA_MTA_TEST_LOG") == "1"
        ? LoggerFactory.Create(b => b.AddSimpleConsole(c => c.SingleLine = true))
        : NullLoggerFactory.Instance;

    /// <param name="cluster">The actor system name: nodes of one cluster share it; different names never join.</param>
    /// <param name="seeds">host:port of the seed nodes; empty: the node joins itself.</param>
    /// <param name="pathOptions">Lua table fields of get_egress_path_config's answer.</param>
    public static async Task<ClusterNode> StartAsync(string cluster, string name, MailSinkHost sink, string spool, string state,
        IReadOnlyList<string>? seeds = null, bool sweeper = true, TimeSpan? sweepInterval = null, string pathOptions = "")
    {
        var node = new ClusterNode(name, FreePort());
        try
        {
            await node.StartCoreAsync(cluster, sink, spool, state, seeds ?? [], sweeper, sweepInterval ?? TimeSpan.FromMinutes(5), pathOptions);
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
        return node;
    }

    /// <summary>
    /// A node whose ActorSystem can be stopped abruptly (<see cref="KillAsync"/>): built without
    /// Akka.Hosting, with <c>run-by-actor-system-terminate = off</c>, so terminating it runs no
    /// CoordinatedShutdown: it does not leave, its shards do not hand off, the others must find it
    /// unreachable and down it. It never hosts the singletons (it joins an older node) and so needs no state store.
    /// </summary>
    public static async Task<ClusterNode> StartKillableAsync(string cluster, string name, MailSinkHost sink, string spool,
        IReadOnlyList<string> seeds, string pathOptions = "")
    {
        var node = new ClusterNode(name, FreePort());
        try
        {
            var config = Akka.Configuration.ConfigurationFactory.ParseString("akka.coordinated-shutdown.run-by-actor-system-terminate = off")
                .WithFallback(AkkaSetup.Node(new AkkaNodeOptions { Name = cluster, Port = node.Port, SeedNodes = seeds, StableAfter = TimeSpan.FromSeconds(3) }))
                .WithFallback(Akka.Cluster.Sharding.ClusterSharding.DefaultConfig())
                .WithFallback(Akka.Cluster.Tools.Singleton.ClusterSingleton.DefaultConfig());
            node._raw = ActorSystem.Create(cluster, config);
            var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Akka.Cluster.Cluster.Get(node._raw).RegisterOnMemberUp(() => up.TrySetResult());
            await up.Task.WaitAsync(TimeSpan.FromSeconds(60));
            node._policy = Policy(sink, pathOptions);
            await node.StartServicesAsync(spool, sweeper: true, TimeSpan.FromMinutes(5));
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
        return node;
    }

    private ActorSystem? _raw;

    /// <summary>Terminates the ActorSystem without leaving the cluster (see <see cref="StartKillableAsync"/>); the spool stays open until disposal.</summary>
    public async Task KillAsync()
    {
        if (_raw is not null)
        {
            await _raw.Terminate();
        }
    }

    private async Task StartCoreAsync(string cluster, MailSinkHost sink, string spool, string state, IReadOnlyList<string> seeds,
        bool sweeper, TimeSpan sweepInterval, string pathOptions)
    {
        _policy = Policy(sink, pathOptions);
        _akka = await AkkaNode.StartAsync(new AkkaNodeOptions
        {
            Name = cluster,
            Port = Port,
            SeedNodes = seeds,
            StableAfter = TimeSpan.FromSeconds(3),
            StateStore = StateStoreProvider.Postgres,
            StateStoreConnectionString = state,
        }, TestLoggers);
        await StartServicesAsync(spool, sweeper, sweepInterval);
    }

    private async Task StartServicesAsync(string spool, bool sweeper, TimeSpan sweepInterval)
    {
        var collector = System.ActorOf(Props.Create(() => new Collector(Records)));
        System.EventStream.Subscribe(collector, typeof(LogRecord));
        _store = await PostgresPersistence.OpenAsync(new PostgresStoreOptions(spool));
        _log = new DeliveryLog(System.EventStream, null);
        var dns = new DnsResolver(new DnsResolverOptions { Servers = [new IPEndPoint(IPAddress.Loopback, 9)] });
        var services = new DeliveryServices(new PolicyDeliveryConfig(_policy!.Host, NodeEgressConfig.Empty, TimeProvider.System),
            new RouteResolver(new MxResolver(dns), dns), _store, _log, Name, TimeProvider.System, TestLoggers)
        {
            RunSpoolSweeper = sweeper,
            SpoolSweepInterval = sweepInterval,
        };
        Runtime = await MtaRuntime.StartAsync(System, services);
    }

    /// <summary>Leaves the cluster gracefully (CoordinatedShutdown: shards hand off) and stops.</summary>
    public async Task LeaveAsync()
    {
        if (_akka is not null)
        {
            await _akka.DisposeAsync();
            _akka = null;
        }
        if (_raw is not null)
        {
            await _raw.Terminate();
            _raw = null;
        }
        await DisposeRestAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await LeaveAsync();
    }

    private async Task DisposeRestAsync()
    {
        if (_log is not null)
        {
            await _log.DisposeAsync();
            _log = null;
        }
        if (_store is not null)
        {
            await _store.DisposeAsync();
            _store = null;
        }
        _policy?.Dispose();
        _policy = null;
    }

    private static PolicyDirectory Policy(MailSinkHost sink, string pathOptions)
    {
        var endpoint = sink.SmtpEndpoint;
        return new PolicyDirectory($$"""
            local mta = require 'mta'
            mta.on('get_queue_config', function(domain, tenant, campaign, routing_domain)
              return { protocol = { smtp = { mx_list = { '{{endpoint.Address}}:{{endpoint.Port}}' } } }, retry_interval = '1s' }
            end)
            mta.on('get_egress_path_config', function(domain, source, site)
              return { enable_tls = 'Disabled', prohibited_hosts = { '192.0.2.0/24' }, {{pathOptions}} }
            end)
            """);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Collector : ReceiveActor
    {
        public Collector(ConcurrentQueue<LogRecord> records) => Receive<LogRecord>(records.Enqueue);
    }
}
