using System.Text.Json.Nodes;
using Akka.Mta.Core;
using Akka.Mta.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Akka.Mta.Node.Hosting;

/// <summary>
/// Health for orchestrators and load balancers, ASP.NET Core health checks: <c>GET /healthz/live</c>
/// runs the checks tagged <c>liveness</c> (Akka.Hosting's actor system check), <c>GET /healthz/ready</c>
/// those tagged <c>ready</c> (Akka.Hosting's cluster check: this member is Up) and the spool check
/// (a read of the spool answers within five seconds). 200 when all pass, else 503; the body is JSON
/// <c>{status, checks: [{name, status, description}]}</c>. Open to every client, as liveness is.
/// </summary>
public static class NodeHealth
{
    public const string LivePath = "/healthz/live";
    public const string ReadyPath = "/healthz/ready";
    public const string Liveness = "liveness";
    /// <summary>The tag Akka.Hosting gives its cluster readiness check.</summary>
    public const string Readiness = "ready";

    /// <summary>Registers the checks; <paramref name="akkaChecks"/> and <paramref name="store"/> are asked for at the first probe (the node has started by then).</summary>
    internal static void AddTo(IServiceCollection services, Func<IEnumerable<HealthCheckRegistration>> akkaChecks, Func<IPersistenceStore?> store)
    {
        services.AddHealthChecks();
        services.AddOptions<HealthCheckServiceOptions>().Configure(options =>
        {
            foreach (var registration in akkaChecks())
            {
                options.Registrations.Add(registration);
            }
            options.Registrations.Add(new HealthCheckRegistration("spool", _ => new SpoolCheck(store), HealthStatus.Unhealthy, [Readiness], TimeSpan.FromSeconds(10)));
        });
    }

    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapHealthChecks(LivePath, Options(Liveness));
        app.MapHealthChecks(ReadyPath, Options(Readiness));
    }

    private static HealthCheckOptions Options(string tag) => new()
    {
        Predicate = check => check.Tags.Contains(tag),
        ResponseWriter = WriteAsync,
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
    };

    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        var body = new JsonObject
        {
            ["status"] = report.Status.ToString(),
            ["checks"] = new JsonArray([.. report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (JsonNode?)new JsonObject
            {
                ["name"] = e.Key,
                ["status"] = e.Value.Status.ToString(),
                ["description"] = e.Value.Description ?? e.Value.Exception?.Message,
            })]),
        };
        http.Response.ContentType = "application/json; charset=utf-8";
        return http.Response.WriteAsync(body.ToJsonString());
    }

    /// <summary>Reads an id no message has: the spool answers (null) when its database is reachable.</summary>
    private sealed class SpoolCheck(Func<IPersistenceStore?> store) : IHealthCheck
    {
        private static readonly SpoolId Probe = new(0, 0);
        private static readonly TimeSpan Within = TimeSpan.FromSeconds(5);

        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            if (store() is not { } opened)
            {
                return HealthCheckResult.Unhealthy("the spool is not open yet");
            }
            try
            {
                await opened.Spool.LoadAsync(Probe, cancellationToken).WaitAsync(Within, cancellationToken).ConfigureAwait(false);
                return HealthCheckResult.Healthy(opened.Location + " answers");
            }
            catch (TimeoutException)
            {
                return HealthCheckResult.Unhealthy($"{opened.Location} did not answer within {Within.TotalSeconds:0} s");
            }
            catch (Exception e) when (e is PersistenceException or IOException or InvalidOperationException)
            {
                return HealthCheckResult.Unhealthy($"{opened.Location}: {e.Message}");
            }
        }
    }
}
