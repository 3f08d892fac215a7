using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Mta.Core.Throttling;
using Akka.Mta.Delivery;
using Akka.Mta.Delivery.Queueing;
using Akka.Mta.Delivery.Reception;
using Akka.Mta.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Akka.Mta.Node.Hosting;

/// <summary>
/// The node's HTTP API, KumoMTA's paths and JSON shapes (spec 5): liveness, injection, and the
/// scheduled-queue and ready-queue suspensions. Bad requests get 400 (422 for an inject request
/// that does not check) with the field named.
/// </summary>
internal static partial class HttpApi
{
    private static readonly TimeSpan DefaultSuspension = TimeSpan.FromMinutes(5);

    public static void Map(IEndpointRouteBuilder app, MtaRuntime runtime, HttpInjector injector, IPolicyHost policy, StorageGuard storage, ClusterView? cluster = null)
    {
        app.MapGet("/api/check-liveness/v1", () => storage.FullReason is { } full
            ? Results.Text(full, statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Text("OK"));
        app.MapPost("/api/inject/v1", (Func<HttpContext, Task<IResult>>)(http => storage.FullReason is { } full
            ? Task.FromResult(Results.Text(full + ", try again later", statusCode: StatusCodes.Status503ServiceUnavailable))
            : InjectAsync(http, injector)));
        MapQueueSuspensions(app, runtime);
        MapPathSuspensions(app, runtime);
        MapBounces(app, runtime);
        MapRebind(app, runtime);
        MapAutomation(app, runtime);
        MapInspection(app, runtime);
        MapPolicyReload(app, policy, cluster);
    }

    private static async Task<IResult> InjectAsync(HttpContext http, HttpInjector injector)
    {
        var bodyLimit = InjectBodyLimit(injector.MaxMessageSize);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = bodyLimit;
        }
        string body;
        try
        {
            using var reader = new StreamReader(http.Request.Body);
            body = await reader.ReadToEndAsync(http.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Results.Text($"the request body is larger than {bodyLimit} bytes, the most an inject request may carry: "
                + $"twice {SmtpListenerConfiguration.MaxMessageSizeKey} ({injector.MaxMessageSize}) plus 1 MiB for the JSON around the message",
                statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        InjectResult result;
        try
        {
            result = await injector.InjectAsync(InjectRequest.Parse(body), http.Connection.RemoteIpAddress?.ToString(), http.RequestAborted);
        }
        catch (InjectRequestException e)
        {
            return Results.Text(e.Message, statusCode: StatusCodes.Status422UnprocessableEntity);
        }
        catch (InjectTooLargeException e)
        {
            return Results.Text($"{e.Message} ({SmtpListenerConfiguration.MaxMessageSizeKey}); nothing was stored",
                statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        catch (Exception e) when (e is Persistence.PersistenceException or IOException)
        {
            return Results.Text("messages not stored, try again later: " + e.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        return Results.Json(new JsonObject
        {
            ["success_count"] = result.SuccessCount,
            ["fail_count"] = result.FailCount,
            ["failed_recipients"] = new JsonArray([.. result.FailedRecipients.Select(r => (JsonNode?)r)]),
            ["errors"] = new JsonArray([.. result.Errors.Select(r => (JsonNode?)r)]),
        });
    }

    /// <summary>
    /// The inject body carries the message JSON-escaped (CRLF as <c>\r\n</c>, quotes, non-ASCII),
    /// so it may be larger than the message: twice the message limit plus 1 MiB for the rest of the
    /// request. The message itself is then held to the SMTP limit once it is generated.
    /// </summary>
    internal static long? InjectBodyLimit(long maxMessageSize) =>
        maxMessageSize > (long.MaxValue - (1L << 20)) / 2 ? null : (maxMessageSize * 2) + (1L << 20);

    private static void MapQueueSuspensions(IEndpointRouteBuilder app, MtaRuntime runtime)
    {
        const string path = "/api/admin/suspend/v1";
        app.MapGet(path, async () =>
        {
            var now = runtime.Services.Time.GetUtcNow();
            return Results.Json(new JsonArray([.. (await runtime.GetAdminControlsAsync()).Controls.Suspensions.Select(s => (JsonNode?)new JsonObject
            {
                ["id"] = s.Id,
                ["campaign"] = s.Criteria.Campaign,
                ["tenant"] = s.Criteria.Tenant,
                ["domain"] = s.Criteria.Domain,
                ["reason"] = s.Reason,
                ["duration"] = HumanDuration.Format(s.Expires - now),
            })]));
        });
        MapJsonPost(app, path, async request =>
        {
            var suspension = await runtime.SuspendQueuesAsync(
                new QueueSuspension(Guid.NewGuid().ToString(), Required(request, "reason"), Expires(request, runtime), Criteria(request)));
            return new JsonObject { ["id"] = suspension.Id };
        });
        MapDeleteById(app, path, runtime.ResumeQueuesAsync);
    }

    private static void MapPathSuspensions(IEndpointRouteBuilder app, MtaRuntime runtime)
    {
        const string path = "/api/admin/suspend-ready-q/v1";
        app.MapGet(path, async () =>
        {
            var now = runtime.Services.Time.GetUtcNow();
            return Results.Json(new JsonArray([.. (await runtime.GetAdminControlsAsync()).Controls.Paths.Select(s => (JsonNode?)new JsonObject
            {
                ["id"] = s.Id,
                ["name"] = s.Name,
                ["reason"] = s.Reason,
                ["duration"] = HumanDuration.Format(s.Expires - now),
                ["expires"] = s.Expires.ToString("O"),
            })]));
        });
        MapJsonPost(app, path, async request =>
        {
            var suspension = await runtime.SuspendPathAsync(Required(request, "name"), Required(request, "reason"), Expires(request, runtime));
            return new JsonObject { ["id"] = suspension.Id };
        });
        MapDeleteById(app, path, runtime.ResumePathAsync);
    }

    private static void MapBounces(IEndpointRouteBuilder app, MtaRuntime runtime)
    {
        const string path = "/api/admin/bounce/v1";
        app.MapGet(path, async () =>
        {
            var view = await runtime.GetAdminControlsAsync();
            var now = runtime.Services.Time.GetUtcNow();
            return Results.Json(new JsonArray([.. view.Controls.Bounces.Select(b =>
            {
                var bounced = view.Bounced.GetValueOrDefault(b.Id) ?? [];
                return (JsonNode?)new JsonObject
                {
                    ["id"] = b.Id,
                    ["campaign"] = b.Criteria.Campaign,
                    ["tenant"] = b.Criteria.Tenant,
                    ["domain"] = b.Criteria.Domain,
                    ["routing_domain"] = b.Criteria.RoutingDomain,
                    ["reason"] = b.Reason,
                    ["duration"] = HumanDuration.Format(b.Expires - now),
                    ["bounced"] = new JsonObject(bounced.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
                    ["total_bounced"] = bounced.Values.Sum(),
                };
            })]));
        });
        MapJsonPost(app, path, async request =>
        {
            var suppress = request["suppress_logging"] is JsonValue v && v.TryGetValue<bool>(out var flag) && flag;
            var bounce = await runtime.BounceAsync(new AdminBounce(Guid.NewGuid().ToString(), Required(request, "reason"), Expires(request, runtime), Criteria(request), suppress));
            return new JsonObject { ["id"] = bounce.Id, ["bounced"] = new JsonObject(), ["total_bounced"] = 0 };
        });
        MapDeleteById(app, path, runtime.CancelBounceAsync);
    }

    /// <summary>The TSA's view: status, the suspensions and bounces it holds, and its overrides as KumoMTA's generated shaping.toml.</summary>
    private static void MapAutomation(IEndpointRouteBuilder app, MtaRuntime runtime)
    {
        app.MapGet("/api/tsa/v1/status", async () => Results.Json(await runtime.GetTsaStatusAsync(), AutomationJson.Default.TsaStatus));
        app.MapGet("/api/tsa/v1/suspensions", async () =>
        {
            var status = await runtime.GetTsaStatusAsync();
            var held = status.Effects.Where(e => e.Setting is null).ToList();
            return Results.Json(held, AutomationJson.Default.ListTsaEffectView);
        });
        foreach (var path in new[] { "/api/tsa/v1/shaping.toml", "/get_config_v1/shaping.toml" })
        {
            app.MapGet(path, async () => Results.Text((await runtime.GetTsaStatusAsync()).ShapingToml, "application/toml"));
        }
    }

    private static void MapRebind(IEndpointRouteBuilder app, MtaRuntime runtime) =>
        MapJsonPost(app, "/api/admin/rebind/v1", async request =>
        {
            if (request["data"] is not JsonObject data)
            {
                throw new BadRequestException("data: required, an object of strings");
            }
            var values = data.ToDictionary(kv => kv.Key, kv => kv.Value is JsonValue v && v.TryGetValue<string>(out var text)
                ? text
                : throw new BadRequestException($"data.{kv.Key}: must be a string"));
            if (Flag(request, "trigger_rebind_event"))
            {
                throw new BadRequestException("trigger_rebind_event: a Lua rebind event is not supported; send the metadata in data");
            }
            await runtime.RebindAsync(Criteria(request), values, Required(request, "reason"), Flag(request, "always_flush"), Flag(request, "suppress_logging"));
            return new JsonObject();
        });

    /// <summary>A POST of a JSON object answered with <paramref name="handle"/>'s JSON; bad input is a 400 naming the field.</summary>
    private static void MapJsonPost(IEndpointRouteBuilder app, string path, Func<JsonObject, Task<JsonNode>> handle) =>
        app.MapPost(path, (Func<HttpContext, Task<IResult>>)(async http =>
        {
            var (request, error) = await ReadObjectAsync(http);
            if (error is not null)
            {
                return error;
            }
            try
            {
                return Results.Json(await handle(request!));
            }
            catch (Exception e) when (e is BadRequestException or InvalidOperationException or FormatException)
            {
                return Results.BadRequest(e.Message);
            }
        }));

    /// <summary>A DELETE of <c>{id}</c>: 200 when <paramref name="remove"/> found it, else 404.</summary>
    private static void MapDeleteById(IEndpointRouteBuilder app, string path, Func<string, Task<bool>> remove) =>
        app.MapDelete(path, (Func<HttpContext, Task<IResult>>)(async http =>
        {
            var (request, error) = await ReadObjectAsync(http);
            return error ?? (Optional(request!, "id") is { } id && await remove(id) ? Results.Ok() : Results.NotFound());
        }));

    private static bool Flag(JsonObject request, string field) => request[field] switch
    {
        null => false,
        JsonValue v when v.TryGetValue<bool>(out var flag) => flag,
        _ => throw new BadRequestException($"{field}: must be true or false"),
    };

    private static QueueCriteria Criteria(JsonObject request) => new()
    {
        Campaign = Optional(request, "campaign"),
        Tenant = Optional(request, "tenant"),
        Domain = Optional(request, "domain"),
        RoutingDomain = Optional(request, "routing_domain"),
        QueueNames = request["queue_names"] switch
        {
            null => null,
            JsonArray names => names.Select(n => n is JsonValue nv && nv.TryGetValue<string>(out var name) ? name : throw new BadRequestException("queue_names: must be an array of strings")).ToList(),
            _ => throw new BadRequestException("queue_names: must be an array of strings"),
        },
    };

    private static async Task<(JsonObject? Request, IResult? Error)> ReadObjectAsync(HttpContext http)
    {
        try
        {
            var node = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            return node is JsonObject obj ? (obj, null) : (null, Results.BadRequest("the request body must be a JSON object"));
        }
        catch (JsonException e)
        {
            return (null, Results.BadRequest($"the request body is not JSON: {e.Message}"));
        }
    }

    private static string Required(JsonObject request, string field) =>
        Optional(request, field) ?? throw new BadRequestException($"{field}: required");

    private static string? Optional(JsonObject request, string field) => request[field] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => throw new BadRequestException($"{field}: must be a string"),
    };

    /// <summary><c>expires</c> (RFC 3339), else now + <c>duration</c> (default 5 minutes).</summary>
    private static DateTimeOffset Expires(JsonObject request, MtaRuntime runtime)
    {
        if (Optional(request, "expires") is { } expires)
        {
            return DateTimeOffset.TryParse(expires, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
                ? at
                : throw new BadRequestException($"expires: \"{expires}\" is not an RFC 3339 time");
        }
        var duration = DefaultSuspension;
        if (Optional(request, "duration") is { } text && !HumanDuration.TryParse(text, out duration, out var problem))
        {
            throw new BadRequestException($"duration: {problem}");
        }
        return runtime.Services.Time.GetUtcNow() + duration;
    }

    private sealed class BadRequestException(string message) : Exception(message);
}

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.SnakeCaseLower)]
[System.Text.Json.Serialization.JsonSerializable(typeof(Akka.Mta.Delivery.Automation.TsaStatus))]
[System.Text.Json.Serialization.JsonSerializable(typeof(List<Akka.Mta.Delivery.Automation.TsaEffectView>))]
internal sealed partial class AutomationJson : System.Text.Json.Serialization.JsonSerializerContext;
