using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Persistence.Sql.Hosting;
using LinqToDB;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Akka.Mta.Delivery.Clustering;

/// <summary>
/// A node's actor system, built with Akka.Hosting: the cluster provider on Akka.Remote, the project's
/// serializer, Akka.Persistence.Sql for the singletons' state, logging through
/// Microsoft.Extensions.Logging. It joins its seed nodes, or itself when it has none, and is
/// returned once it is Up, so that shard regions and singletons work from the first message.
/// </summary>
public sealed class AkkaNode : IAsyncDisposable
{
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(60);
    private readonly IHost _host;

    private AkkaNode(IHost host, ActorSystem system)
    {
        _host = host;
        System = system;
    }

    public ActorSystem System { get; }

    /// <summary>
    /// The health checks Akka.Hosting registered (tagged <c>liveness</c> or <c>readiness</c>), made from
    /// this node's services: for the web host that serves them.
    /// </summary>
    public IReadOnlyList<HealthCheckRegistration> HealthChecks =>
        [.. _host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HealthCheckServiceOptions>>().Value.Registrations
            .Select(r => new HealthCheckRegistration(r.Name, _ => r.Factory(_host.Services), r.FailureStatus, r.Tags, r.Timeout))];

    public static async Task<AkkaNode> StartAsync(AkkaNodeOptions options, ILoggerFactory loggers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var connectionString = options.StateStoreConnectionString
            ?? throw new ArgumentException("the state store needs a connection string", nameof(options));
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(loggers);
        // The caller's host owns the process's lifetime (Ctrl+C, SIGTERM) and stops this one.
        builder.Services.AddSingleton<IHostLifetime, CallerOwnedLifetime>();
        builder.Services.AddAkka(options.Name, akka => akka
            .AddHocon(AkkaSetup.Node(options), HoconAddMode.Prepend)
            // Akka.Hosting's checks: the actor system runs (liveness), this member is Up (readiness).
            .WithActorSystemLivenessCheck()
            .WithAkkaClusterReadinessCheck()
            .ConfigureLoggers(logging =>
            {
                logging.ClearLoggers();
                logging.AddLoggerFactory(loggers);
            })
            .WithSqlPersistence(
                connectionString: connectionString,
                providerName: options.StateStore == StateStoreProvider.Postgres ? ProviderName.PostgreSQL15 : ProviderName.SQLiteMS,
                autoInitialize: true));
        var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        var system = host.Services.GetRequiredService<ActorSystem>();
        try
        {
            await JoinAsync(system, options, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            host.Dispose();
            throw;
        }
        return new AkkaNode(host, system);
    }

    /// <summary>Joins the seed nodes (or this node itself) and waits until this member is Up.</summary>
    private static async Task JoinAsync(ActorSystem system, AkkaNodeOptions options, CancellationToken cancellationToken)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        if (options.SeedNodes.Count == 0)
        {
            cluster.Join(cluster.SelfAddress);
        }
        try
        {
            await up.Task.WaitAsync(JoinTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            var seeds = options.SeedNodes.Count == 0 ? "itself" : string.Join(", ", options.SeedNodes);
            throw new TimeoutException($"the node {cluster.SelfAddress} did not become Up within {JoinTimeout.TotalSeconds:0} s of joining {seeds}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        _host.Dispose();
    }
}
