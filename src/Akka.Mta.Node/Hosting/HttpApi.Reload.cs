using System.Text.Json.Nodes;
using Akka.Mta.Delivery.Clustering;
using Akka.Mta.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Akka.Mta.Node.Hosting;

/// <summary>
/// <c>POST /api/admin/bump-config-epoch[?allow_dropped_handlers=true]</c>: reload the policy now, on
/// this node and on every other Up member of the cluster. 200 <c>{epoch, outcome: reloaded|unchanged,
/// hash, nodes: [{node, address, epoch, outcome, hash, error?}]}</c>, the top-level fields being this
/// node's; a policy that does not load is 422 and one that drops handlers the running policy has is
/// 409, both with <c>error: "file:line: ..."</c> and the old policy still running. The status is this
/// node's, or, when this node reloaded, the first problem of another member (422, 409, or 504 for a
/// member that did not answer).
/// </summary>
internal static partial class HttpApi
{
    private const string AllowDroppedHandlers = "allow_dropped_handlers";

    private static void MapPolicyReload(IEndpointRouteBuilder app, IPolicyHost policy, ClusterView? cluster) =>
        app.MapPost("/api/admin/bump-config-epoch", (Func<HttpContext, Task<IResult>>)(async http =>
        {
            var allow = false;
            if (http.Request.Query[AllowDroppedHandlers] is { Count: > 0 } values && !bool.TryParse(values[0], out allow))
            {
                return Results.Text($"{AllowDroppedHandlers} must be true or false, got \"{values[0]}\"", statusCode: StatusCodes.Status400BadRequest);
            }
            var local = policy.Reload(allow);
            if (cluster is null)
            {
                return ReloadAnswer(local);
            }
            var others = await cluster.ReloadOthersAsync(allow, http.RequestAborted);
            var nodes = new JsonArray(NodeEntry(PolicyReloadActor.Answer(cluster.NodeName, local), cluster.Self.ToString(), null));
            var status = ReloadStatus(local.Outcome);
            foreach (var (address, answer, problem) in others)
            {
                nodes.Add(NodeEntry(answer, address, problem));
                if (status == StatusCodes.Status200OK)
                {
                    status = answer switch
                    {
                        null => StatusCodes.Status504GatewayTimeout,
                        { Outcome: "failed" } => StatusCodes.Status422UnprocessableEntity,
                        { Outcome: "refused" } => StatusCodes.Status409Conflict,
                        _ => status,
                    };
                }
            }
            var body = ReloadBody(local);
            body["nodes"] = nodes;
            return Results.Json(body, statusCode: status);
        }));

    private static JsonObject NodeEntry(PolicyReloaded? answer, string address, string? problem)
    {
        if (answer is null)
        {
            return new JsonObject { ["address"] = address, ["outcome"] = "no answer", ["error"] = problem };
        }
        var entry = new JsonObject
        {
            ["node"] = answer.Node,
            ["address"] = address,
            ["epoch"] = answer.Epoch,
            ["outcome"] = answer.Outcome,
            ["hash"] = answer.Hash,
        };
        if (answer.Error is { } error)
        {
            entry["error"] = error;
        }
        if (answer.DroppedHandlers.Count > 0)
        {
            entry["dropped_handlers"] = new JsonArray([.. answer.DroppedHandlers.Select(h => (JsonNode?)h)]);
        }
        return entry;
    }

    internal static IResult ReloadAnswer(PolicyReloadResult result) => Results.Json(ReloadBody(result), statusCode: ReloadStatus(result.Outcome));

    private static JsonObject ReloadBody(PolicyReloadResult result)
    {
        var body = new JsonObject
        {
            ["epoch"] = result.Epoch,
            ["outcome"] = result.Outcome.ToString().ToLowerInvariant(),
            ["hash"] = result.Hash,
        };
        if (result.Error is { } error)
        {
            body["error"] = error.ToString();
        }
        if (result.DroppedHandlers.Count > 0)
        {
            body["dropped_handlers"] = new JsonArray([.. result.DroppedHandlers.Select(h => (JsonNode?)h)]);
        }
        return body;
    }

    private static int ReloadStatus(PolicyReloadOutcome outcome) => outcome switch
    {
        PolicyReloadOutcome.Failed => StatusCodes.Status422UnprocessableEntity,
        PolicyReloadOutcome.Refused => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status200OK,
    };
}
