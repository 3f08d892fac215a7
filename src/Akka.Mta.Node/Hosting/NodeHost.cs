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
/// spool last. Tests start it in-process on port 0 and read the bound endpoints.
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

    private NodeHost(WebApplication app, SmtpServerHost smtp, AkkaNode akka, IPersistenceStore store, DeliveryLog log,
        PolicyHost policy, DnsResolver dns, MtaRuntime runtime, IPEndPoint httpEndpoint)
    {
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

        var store = await SqlitePersistence.OpenAsync(new SqliteStoreOptions(options.SpoolPath), cancellationToken);
        // One node is a cluster of one: the actor system joins itself before the regions start.
        Directory.CreateDirectory(Path.GetDirectoryName(options.StatePath)!);
        var akka = await AkkaNode.StartAsync(options.Akka, loggers, cancellationToken);
        var system = akka.System;
        var log = new DeliveryLog(system.EventStream, new LogFileWriter(new LogFileOptions(options.LogDir), time, loggers.CreateLogger<LogFileWriter>()));
        var services = new DeliveryServices(new PolicyDeliveryConfig(policy, options.Egress, time), new RouteResolver(mx, dns), store, log,
            options.HostName, time, loggers)
        {
            LogHookPolicy = policy,
            AmqpTransportFactory = (hook, amqp) => new Akka.Mta.LogHooks.Amqp.AmqpTransport(hook, amqp, loggers, time),
        };
        var runtime = await MtaRuntime.StartAsync(system, services, cancellationToken);
        runtime.StartAutomation(() => shaping.LastModel);

        var storage = new StorageGuard([("spool", Path.GetDirectoryName(options.SpoolPath)!), ("logs", options.LogDir)], options.SpoolMinFreeBytes, time);
        var metrics = NodeMetrics.Start(system, runtime, mx.Stats, storage, time);
        var reception = new SmtpReceptionSink(runtime, policy, time, loggers.CreateLogger<SmtpReceptionSink>());
        var smtp = await SmtpServerHost.StartAsync(
            options.Smtp with { HostName = options.HostName },
            new SmtpServerServices(reception) { Policy = new SmtpPolicyAdapter(policy, loggers.CreateLogger<SmtpPolicyAdapter>(), storage), Time = time, LoggerFactory = loggers },
            [options.SmtpListen], cancellationToken);

        var injector = new HttpInjector(runtime, policy, time, options.HostName, loggers.CreateLogger<HttpInjector>()) { MaxMessageSize = options.Smtp.MaxMessageSize };
        app.Use(new ApiAccess(options.HttpTrustedHosts, options.HttpBearerTokens, policy, loggers.CreateLogger<ApiAccess>()).InvokeAsync);
        HttpApi.Map(app, runtime, injector, policy, storage);
        metrics.Map(app);
        app.MapOpenApi("/api/openapi.json");
        await app.StartAsync(cancellationToken);
        return new NodeHost(app, smtp, akka, store, log, policy, dns, runtime, BoundEndpoint(app, options.HttpListen));
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

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
}
