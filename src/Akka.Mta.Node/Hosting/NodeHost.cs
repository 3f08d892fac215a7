using System.Net;
using Akka.Actor;
using Akka.Mta.Delivery.Clustering;
using Akka.Mta.Delivery;
using Akka.Mta.Delivery.Admin;
using Akka.Mta.Delivery.Configuration;
using Akka.Mta.Delivery.Egress;
using Akka.Mta.Delivery.Logging;
using Akka.Mta.Delivery.Outcomes;
using Akka.Mta.Delivery.Queueing;
using Akka.Mta.Delivery.Reception;
using Akka.Mta.Delivery.Routing;
using Akka.Mta.Dns;
using Akka.Mta.Dns.Mx;
using Akka.Mta.Node.Hosting.Metrics;
using Akka.Mta.Persistence;
using Akka.Mta.Persistence.Postgres;
using Akka.Mta.Persistence.Sqlite;
using Akka.Mta.Policy;
using Akka.Mta.Policy.Shaping;
using Akka.Mta.Smtp.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Akka.Mta.Node.Hosting;

/// <summary>
/// A running node: the spool, the Lua policy, the delivery actors, the SMTP listener and the HTTP
/// API. Start-up order keeps the guarantees: the spool opens and every spooled message is
/// re-queued before the listeners accept mail; shutdown stops the listeners first and closes the
/// spool last. Tests start it in-process on port 0 and read the bound endpoints. The node asks its
/// caller to stop it (<see cref="StopRequested"/>) when it is told to leave the cluster or its actor
/// system stops (another member made it leave, or the split brain resolver downed it).
/// </summary>
public sealed class NodeHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SmtpServerHost _smtp;
    private readonly AkkaNode _akka;
    private readonly IPersistenceStore _store;
    private readonly DeliveryLog _log;
    private readonly PolicyHost _policy;
    private readonly DnsResolver _dns;
    private readonly StopRequest _stop;

    private NodeHost(WebApplication app, SmtpServerHost smtp, AkkaNode akka, IPersistenceStore store, DeliveryLog log,
        PolicyHost policy, DnsResolver dns, MtaRuntime runtime, IPEndPoint httpEndpoint, string nodeName, StopRequest stop)
    {
        _stop = stop;
        NodeName = nodeName;
        _app = app;
        _smtp = smtp;
        _akka = akka;
        _store = store;
        _log = log;
        _policy = policy;
        _dns = dns;
        Runtime = runtime;
        HttpEndpoint = httpEndpoint;
    }

    public IPEndPoint HttpEndpoint { get; }

    public IPEndPoint SmtpEndpoint => _smtp.Endpoints[0];

    public MtaRuntime Runtime { get; }

    /// <summary>The node's name: log records' <c>nodeid</c> and the metrics' <c>node</c> label.</summary>
    public string NodeName { get; }

    /// <summary>This node's cluster address, <c>akka.tcp://NAME@host:port</c>.</summary>
    public string ClusterAddress => Akka.Cluster.Cluster.Get(_akka.System).SelfAddress.ToString();

    /// <summary>Cancelled when the node wants to be stopped (left the cluster, actor system stopped); <see cref="StopReason"/> says why.</summary>
    public CancellationToken StopRequested => _stop.Token;

    public string? StopReason => _stop.Reason;

    /// <summary>The node's actor system (its event stream carries every log record).</summary>
    public ActorSystem ActorSystem => _akka.System;

    /// <summary>Starts a node; a policy that does not load throws <see cref="PolicyException"/> (file:line).</summary>
    public static async Task<NodeHost> StartAsync(NodeOptions options, CancellationToken cancellationToken = default)
    {
        RefuseDataInsidePolicy(options);
        Directory.CreateDirectory(options.DataDir);
        var builder = WebApplication.CreateSlimBuilder();
        // The verb that runs the node owns the signals (ShutdownSignal) and stops the node in order.
        builder.Services.AddSingleton<IHostLifetime, CallerOwnedLifetime>();
        builder.WebHost.ConfigureKestrel(k => k.Listen(options.HttpListen));
        NodeLogging.Configure(builder, options);
        builder.Services.AddOpenApi();
        AkkaNode? akkaNode = null;
        IPersistenceStore? openedStore = null;
        NodeHealth.AddTo(builder.Services, () => akkaNode?.HealthChecks ?? [], () => openedStore);
        var app = builder.Build();
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();
        var time = TimeProvider.System;

        var dns = new DnsResolver(options.DnsServers.Count > 0 ? DnsResolverOptions.ForServers([.. options.DnsServers]) : ResolvConf.Load());
        var mx = new MxResolver(dns, time);
        var shaping = new ShapingLibraryLoader(new ResolverMxHostsSource(mx));
        var policy = PolicyHost.Start(new PolicyHostOptions
        {
            PolicyFile = options.PolicyFile,
            WatchFiles = true,
            ShapingLoader = shaping,
        }, loggers.CreateLogger("Akka.Mta.Policy"));

        IPersistenceStore store = options.Spool == SpoolProvider.Postgres
            ? await PostgresPersistence.OpenAsync(new PostgresStoreOptions(options.SpoolConnectionString!), cancellationToken)
            : await SqlitePersistence.OpenAsync(new SqliteStoreOptions(options.SpoolPath), cancellationToken);
        openedStore = store;
        // Without seed nodes the node is a cluster of one: the actor system joins itself before the regions start.
        if (options.StateStore == StateStoreProvider.Sqlite)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(options.StatePath)!);
        }
        var akka = await AkkaNode.StartAsync(options.Akka, loggers, cancellationToken);
        akkaNode = akka;
        var system = akka.System;
        var nodeName = NodeNameOf(options, Akka.Cluster.Cluster.Get(system).SelfAddress);
        var stop = new StopRequest();
        var log = new DeliveryLog(system.EventStream, new LogFileWriter(new LogFileOptions(options.LogDir), time, loggers.CreateLogger<LogFileWriter>()));
        var services = new DeliveryServices(new PolicyDeliveryConfig(policy, options.Egress, time), new RouteResolver(mx, dns), store, log,
            options.HostName, time, loggers, nodeName)
        {
            LogHookPolicy = policy,
            AmqpTransportFactory = (hook, amqp) => new Akka.Mta.LogHooks.Amqp.AmqpTransport(hook, amqp, loggers, time),
        };
        var runtime = await MtaRuntime.StartAsync(system, services, cancellationToken);
        PolicyReload.Start(system, policy, () => nodeName);
        var cluster = new ClusterView(system, runtime, nodeName, time);
        runtime.StartAutomation(() => shaping.LastModel);

        var storage = new StorageGuard([("spool", Path.GetDirectoryName(options.SpoolPath)!), ("logs", options.LogDir)], options.SpoolMinFreeBytes, time);
        var metrics = NodeMetrics.Start(system, runtime, mx.Stats, storage, time, nodeName);
        var reception = new SmtpReceptionSink(runtime, policy, time, loggers.CreateLogger<SmtpReceptionSink>());
        var smtp = await SmtpServerHost.StartAsync(
            options.Smtp with { HostName = options.HostName },
            new SmtpServerServices(reception) { Policy = new SmtpPolicyAdapter(policy, loggers.CreateLogger<SmtpPolicyAdapter>(), storage), Time = time, LoggerFactory = loggers },
            [options.SmtpListen], cancellationToken);

        var injector = new HttpInjector(runtime, policy, time, options.HostName, loggers.CreateLogger<HttpInjector>()) { MaxMessageSize = options.Smtp.MaxMessageSize };
        app.Use(new ApiAccess(options.HttpTrustedHosts, options.HttpBearerTokens, policy, loggers.CreateLogger<ApiAccess>()).InvokeAsync);
        HttpApi.Map(app, runtime, injector, policy, storage, cluster);
        HttpApi.MapCluster(app, cluster, stop.Request);
        NodeHealth.Map(app);
        metrics.Map(app);
        app.MapOpenApi("/api/openapi.json");
        await app.StartAsync(cancellationToken);
        // Another member told this one to leave, or the split brain resolver downed it: the actor
        // system has stopped, and the node with it.
        _ = system.WhenTerminated.ContinueWith(_ => stop.Request("the actor system stopped (this member left the cluster or was downed)"), TaskScheduler.Default);
        return new NodeHost(app, smtp, akka, store, log, policy, dns, runtime, BoundEndpoint(app, options.HttpListen), nodeName, stop);
    }

    /// <summary><c>Cluster:NodeName</c>; else the host name for a node without seed nodes, the cluster address <c>host:port</c> for a member of a cluster.</summary>
    public static string NodeNameOf(NodeOptions options, Address self) =>
        options.NodeName ?? (options.SeedNodes.Count == 0 ? options.HostName : $"{self.Host}:{self.Port}");

    /// <summary>Returns when <paramref name="cancellationToken"/> is cancelled (a signal) or the node asks to be stopped (<see cref="StopRequested"/>).</summary>
    public async Task WaitForShutdownAsync(CancellationToken cancellationToken)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        await _app.WaitForShutdownAsync(either.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _smtp.StopAsync(TimeSpan.FromSeconds(5));
        await _app.StopAsync();
        await _smtp.DisposeAsync();
        await _akka.DisposeAsync();
        await _log.DisposeAsync();
        await _store.DisposeAsync();
        _policy.Dispose();
        _dns.Dispose();
        await _app.DisposeAsync();
    }

    /// <summary>
    /// The policy directory is watched and hashed as a whole: a spool or log inside it would reload
    /// the policy on every write and soon exceed its size limit. Refused at start with the keys named.
    /// </summary>
    private static void RefuseDataInsidePolicy(NodeOptions options)
    {
        var policyDir = Path.TrimEndingDirectorySeparator(Path.GetDirectoryName(Path.GetFullPath(options.PolicyFile))!) + Path.DirectorySeparatorChar;
        foreach (var (key, path) in new[] { ("Spool:Path", options.SpoolPath), ("Log:Dir", options.LogDir), ("Persistence:Path", options.StatePath) })
        {
            if (Path.GetFullPath(path).StartsWith(policyDir, StringComparison.Ordinal))
            {
                throw new NodeConfigurationException(key, $"{path} is inside the policy directory {policyDir}, which is watched for changes; put data elsewhere (DataDir)");
            }
        }
    }

    private static IPEndPoint BoundEndpoint(WebApplication app, IPEndPoint requested)
    {
        if (requested.Port != 0)
        {
            return requested;
        }
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        var bound = new Uri(addresses.Addresses.First());
        return new IPEndPoint(requested.Address, bound.Port);
    }

    /// <summary>The node's own reason to stop: the first one given wins.</summary>
    private sealed class StopRequest
    {
        private readonly CancellationTokenSource _source = new();
        private string? _reason;

        public CancellationToken Token => _source.Token;

        public string? Reason => _reason;

        public void Request(string reason)
        {
            Interlocked.CompareExchange(ref _reason, reason, null);
            _source.Cancel();
        }
    }
}
