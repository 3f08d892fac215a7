using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Akka.Mta.Node.Hosting;

/// <summary>
/// The cluster management API (<see cref="ClusterView"/>): <c>GET /api/cluster/v1/members</c>,
/// <c>/shards</c>, <c>/singletons</c>, and <c>POST /api/cluster/v1/leave[?address=ADDRESS]</c>: this
/// node stops the way SIGTERM stops it (listeners first, then a graceful leave that hands its shards
/// and singletons off), or another member is told to leave (<c>Cluster.Leave</c>) and then stops
/// itself. 202 <c>{leaving: ADDRESS}</c>; an address that is not a member is 404, a malformed one 400.
/// </summary>
internal static partial class HttpApi
{
    public static void MapCluster(IEndpointRouteBuilder app, ClusterView cluster, Action<string> stopThisNode)
    {
        app.MapGet("/api/cluster/v1/members", () => Results.Json(cluster.Members())).WithSummary("the cluster's members as this node sees them");
        app.MapGet("/api/cluster/v1/shards", (Func<HttpContext, Task<IResult>>)(async http => Results.Json(await cluster.ShardsAsync(http.RequestAborted))))
            .WithSummary("which member hosts which shard and entity, per entity type");
        app.MapGet("/api/cluster/v1/singletons", (Func<HttpContext, Task<IResult>>)(async http => Results.Json(await cluster.SingletonsAsync(http.RequestAborted))))
            .WithSummary("where the tsa and admin-controls singletons run");
        app.MapPost("/api/cluster/v1/leave", (Func<HttpContext, IResult>)(http =>
        {
            var address = cluster.Self;
            if (http.Request.Query["address"] is { Count: > 0 } values)
            {
                try
                {
                    address = Address.Parse(values[0]!);
                }
                catch (Exception e) when (e is UriFormatException or ArgumentException or FormatException)
                {
                    return Results.Text($"address: \"{values[0]}\" is not a member address such as {cluster.Self}", statusCode: StatusCodes.Status400BadRequest);
                }
                if (!cluster.IsMember(address))
                {
                    return Results.Text($"address: {address} is not a member of this cluster (see GET /api/cluster/v1/members)", statusCode: StatusCodes.Status404NotFound);
                }
            }
            if (address.Equals(cluster.Self))
            {
                // After the answer is sent: the stop closes the HTTP listener.
                http.Response.OnCompleted(() =>
                {
                    stopThisNode("asked to leave the cluster (POST /api/cluster/v1/leave)");
                    return Task.CompletedTask;
                });
            }
            else
            {
                cluster.Leave(address);
            }
            return Results.Json(new System.Text.Json.Nodes.JsonObject { ["leaving"] = address.ToString() }, statusCode: StatusCodes.Status202Accepted);
        })).WithSummary("graceful leave of this node or of ?address=");
    }
}
