using System.Text.Json.Nodes;
using Akka.Mta.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Akka.Mta.Node.Hosting;

/// <summary>
/// <c>POST /api/admin/bump-config-epoch[?allow_dropped_handlers=true]</c>: reload the policy now.
/// 200 <c>{epoch, outcome: reloaded|unchanged, hash}</c>; a policy that does not load is 422 and one
/// that drops handlers the running policy has is 409, both <c>{epoch, outcome, error: "file:line: ..."}</c>
/// with the old policy still running at <c>epoch</c>.
/// </summary>
internal static partial class HttpApi
{
    private const string AllowDroppedHandlers = "allow_dropped_handlers";

    private static void MapPolicyReload(IEndpointRouteBuilder app, IPolicyHost policy) =>
        app.MapPost("/api/admin/bump-config-epoch", (HttpContext http) =>
        {
            var allow = false;
            if (http.Request.Query[AllowDroppedHandlers] is { Count: > 0 } values && !bool.TryParse(values[0], out allow))
            {
                return Results.Text($"{AllowDroppedHandlers} must be true or false, got \"{values[0]}\"", statusCode: StatusCodes.Status400BadRequest);
            }
            return ReloadAnswer(policy.Reload(allow));
        });

    internal static IResult ReloadAnswer(PolicyReloadResult result)
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
        var status = result.Outcome switch
        {
            PolicyReloadOutcome.Failed => StatusCodes.Status422UnprocessableEntity,
            PolicyReloadOutcome.Refused => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status200OK,
        };
        return Results.Json(body, statusCode: status);
    }
}
