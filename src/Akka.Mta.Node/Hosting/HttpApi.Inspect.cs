using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Mta.Core.Queues;
using Akka.Mta.Delivery;
using Akka.Mta.Delivery.Queueing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Akka.Mta.Node.Hosting;

/// <summary>
/// What the queues hold: one scheduled queue (<c>inspect-sched-q</c>), one egress path
/// (<c>inspect-ready-q</c>), and every queue and path this node knows (<c>queues</c>, ours). The
/// answers are typed so the OpenAPI document describes them. A queue or path the node has never
/// addressed is 404 rather than asked, because asking would create the entity.
/// </summary>
internal static partial class HttpApi
{
    private static void MapInspection(IEndpointRouteBuilder app, MtaRuntime runtime)
    {
        app.MapGet("/api/admin/inspect-sched-q/v1", InspectQueueAsync(runtime)).WithSummary("counts of one scheduled queue");
        app.MapGet("/api/admin/inspect-ready-q/v1", InspectPathAsync(runtime)).WithSummary("state of one egress path (ready queue)");
        app.MapGet("/api/admin/queues/v1", ListQueuesAsync(runtime)).WithSummary("every scheduled queue and egress path this node knows, with counts");
        app.MapGet("/api/admin/resolve-egress-path/v1", ResolveAsync(runtime)).WithSummary("the queue, route, egress path and configs mail for a domain would meet");
    }

    private static Func<string?, string?, string?, string?, Task<IResult>> ResolveAsync(MtaRuntime runtime) =>
        async ([FromQuery(Name = "domain")] string? domain, [FromQuery(Name = "source")] string? source,
            [FromQuery(Name = "tenant")] string? tenant, [FromQuery(Name = "campaign")] string? campaign) =>
        {
            if (string.IsNullOrWhiteSpace(domain))
            {
                return Results.BadRequest("domain: required");
            }
            try
            {
                var r = await runtime.ResolveEgressPathAsync(domain, source, tenant, campaign);
                return Results.Json(new System.Text.Json.Nodes.JsonObject
                {
                    ["domain"] = domain,
                    ["queue_name"] = r.Queue,
                    ["egress_pool"] = r.EgressPool,
                    ["source"] = Core.Queues.EgressPathId.Parse(r.Path).Source,
                    ["site"] = r.Route.Site,
                    ["ready_queue_name"] = r.Path,
                    ["queue_config"] = QueueConfigView.Options(r.QueueConfig),
                    ["path_config"] = Delivery.Egress.EgressPathConfigView.Options(r.PathConfig),
                    ["constraints"] = Delivery.Egress.EgressPathConfigView.Constraints(r.PathConfig, r.QueueConfig),
                    ["mx"] = r.Route.IsResolved
                        ? new System.Text.Json.Nodes.JsonArray([.. r.Route.Targets.Select(t => (System.Text.Json.Nodes.JsonNode?)$"{t.HostName} {t.Address}" + (t.Port is { } port ? $":{port}" : ""))])
                        : null,
                    ["route_error"] = r.Route.Failure?.ToSingleLine(),
                });
            }
            catch (Delivery.Configuration.DeliveryConfigException e)
            {
                return Results.UnprocessableEntity(e.Message);
            }
        };

    private static Func<string?, bool?, int?, Task<Results<Ok<ScheduledQueueInspection>, BadRequest<string>, NotFound<string>>>> InspectQueueAsync(MtaRuntime runtime) =>
        async ([FromQuery(Name = "queue_name")] string? queueName, [FromQuery(Name = "want_body")] bool? wantBody, [FromQuery(Name = "limit")] int? limit) =>
        {
            if (string.IsNullOrWhiteSpace(queueName))
            {
                return TypedResults.BadRequest("queue_name: required");
            }
            if (limit < 0)
            {
                return TypedResults.BadRequest("limit: must be 0 or more");
            }
            if (!(await runtime.GetRunningEntitiesAsync()).Queues.Contains(queueName, StringComparer.Ordinal))
            {
                return TypedResults.NotFound($"queue_name: no scheduled queue \"{queueName}\" is running");
            }
            var detail = await runtime.GetQueueDetailAsync(queueName, limit);
            var messages = new List<InspectedMessage>(detail.Messages.Count);
            foreach (var message in detail.Messages)
            {
                string? data = null;
                if (wantBody == true && await runtime.Services.Spool.LoadAsync(Core.SpoolId.Parse(message.Id)) is { } stored)
                {
                    data = System.Text.Encoding.UTF8.GetString(stored.Body.Span);
                }
                messages.Add(InspectedMessage.From(message, data));
            }
            return TypedResults.Ok(ScheduledQueueInspection.From(detail, messages, runtime.Services.Time.GetUtcNow()));
        };

    private static Func<string?, bool?, Task<Results<Ok<ReadyQueueInspection>, BadRequest<string>, NotFound<string>>>> InspectPathAsync(MtaRuntime runtime) =>
        async ([FromQuery(Name = "queue_name")] string? queueName, [FromQuery(Name = "include_scheduled_queues")] bool? includeScheduledQueues) =>
        {
            if (string.IsNullOrWhiteSpace(queueName))
            {
                return TypedResults.BadRequest("queue_name: required");
            }
            EgressPathId id;
            try
            {
                id = EgressPathId.Parse(queueName);
            }
            catch (FormatException e)
            {
                return TypedResults.BadRequest($"queue_name: {e.Message}");
            }
            var running = await runtime.GetRunningEntitiesAsync();
            if (!running.Paths.Contains(queueName, StringComparer.Ordinal))
            {
                return TypedResults.NotFound($"queue_name: no egress path \"{queueName}\" is running");
            }
            var detail = await runtime.GetPathDetailAsync(queueName);
            var feeding = includeScheduledQueues == true
                ? detail.OfferingQueues.Where(q => running.Queues.Contains(q, StringComparer.Ordinal)).ToList()
                : null;
            return TypedResults.Ok(ReadyQueueInspection.From(id, detail, feeding, runtime.Services.Time.GetUtcNow()));
        };

    private static Func<Task<Ok<QueuesView>>> ListQueuesAsync(MtaRuntime runtime) => async () =>
    {
        var running = await runtime.GetRunningEntitiesAsync();
        var queues = await Task.WhenAll(running.Queues.Select(runtime.GetQueueStateAsync));
        var paths = await Task.WhenAll(running.Paths.Select(runtime.GetPathStateAsync));
        return TypedResults.Ok(new QueuesView(
            [.. queues.Select(q => new ScheduledQueueSummary(q.Queue, q.Scheduled, q.Due, q.Parked))],
            [.. paths.Select(ReadyQueueSummary.From)]));
    };
}

/// <summary>
/// The answer of <c>inspect-sched-q</c>: KumoMTA's fields (<c>messages</c> ... <c>now</c>;
/// <c>num_scheduled</c> and <c>delayed_metric</c> count every message the queue holds) and ours:
/// messages waiting, due now, held for a path, and the next due time.
/// </summary>
internal sealed record ScheduledQueueInspection(
    [property: JsonPropertyName("queue_name")] string QueueName,
    [property: JsonPropertyName("messages")] IReadOnlyList<InspectedMessage> Messages,
    [property: JsonPropertyName("num_scheduled")] int NumScheduled,
    [property: JsonPropertyName("queue_config")] JsonObject? QueueConfig,
    [property: JsonPropertyName("delayed_metric")] int DelayedMetric,
    [property: JsonPropertyName("last_changed")] DateTimeOffset LastChanged,
    [property: JsonPropertyName("now")] DateTimeOffset Now,
    [property: JsonPropertyName("scheduled")] int Scheduled,
    [property: JsonPropertyName("due")] int Due,
    [property: JsonPropertyName("parked")] int Parked,
    [property: JsonPropertyName("next_due")] DateTimeOffset? NextDue)
{
    public static ScheduledQueueInspection From(ScheduledQueueDetail detail, IReadOnlyList<InspectedMessage> messages, DateTimeOffset now)
    {
        var state = detail.State;
        return new(state.Queue, messages, state.Scheduled + state.Parked,
            detail.QueueConfigJson is { } config ? JsonNode.Parse(config)!.AsObject() : null,
            state.Scheduled + state.Parked, detail.LastChanged, now,
            state.Scheduled, state.Due, state.Parked, state.NextDue);
    }
}

/// <summary>One message of an inspect-sched-q sample, KumoMTA's InspectMessageV1Response.</summary>
internal sealed record InspectedMessage(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("message")] InspectedMessageInfo Message)
{
    public static InspectedMessage From(QueuedMessage message, string? data) => new(message.Id, new InspectedMessageInfo(
        message.Sender, message.Recipient, JsonNode.Parse(message.MetadataJson) as JsonObject ?? [], [], message.Due, message.Attempts, data));
}

/// <param name="Scheduling">Delivery-time restrictions (none are supported yet: always empty).</param>
/// <param name="Data">The message as spooled, only with <c>want_body=true</c>.</param>
internal sealed record InspectedMessageInfo(
    [property: JsonPropertyName("sender")] string Sender,
    [property: JsonPropertyName("recipient")] string Recipient,
    [property: JsonPropertyName("meta")] JsonObject Meta,
    [property: JsonPropertyName("scheduling")] JsonObject Scheduling,
    [property: JsonPropertyName("due")] DateTimeOffset Due,
    [property: JsonPropertyName("num_attempts")] int NumAttempts,
    [property: JsonPropertyName("data")] string? Data);

/// <summary>
/// The answer of <c>inspect-ready-q</c>: KumoMTA's fields (<c>egress_source</c> ... <c>now</c>)
/// and, at the top level, ours (the counts <c>queues</c> also lists, and the consecutive failures and overrides).
/// </summary>
internal sealed record ReadyQueueInspection(
    [property: JsonPropertyName("queue_name")] string QueueName,
    [property: JsonPropertyName("egress_source")] string EgressSource,
    [property: JsonPropertyName("egress_pool")] string? EgressPool,
    [property: JsonPropertyName("protocol")] string Protocol,
    [property: JsonPropertyName("state")] ReadyQueueStateView State,
    [property: JsonPropertyName("path_config")] JsonObject? PathConfig,
    [property: JsonPropertyName("constraints")] JsonObject? Constraints,
    [property: JsonPropertyName("dispatchers")] IReadOnlyList<DispatcherView> Dispatchers,
    [property: JsonPropertyName("mx")] IReadOnlyList<string>? Mx,
    [property: JsonPropertyName("scheduled_queue_names")] IReadOnlyList<string>? ScheduledQueueNames,
    [property: JsonPropertyName("now")] DateTimeOffset Now,
    [property: JsonPropertyName("ready")] int Ready,
    [property: JsonPropertyName("connections")] int Connections,
    [property: JsonPropertyName("busy")] int Busy,
    [property: JsonPropertyName("consecutive_connection_failures")] int ConsecutiveConnectionFailures,
    [property: JsonPropertyName("suspended")] PathSuspensionView? Suspended,
    [property: JsonPropertyName("overrides")] int Overrides,
    [property: JsonPropertyName("connection_limit")] long? ConnectionLimit)
{
    public static ReadyQueueInspection From(EgressPathId id, EgressPathDetail detail, IReadOnlyList<string>? scheduledQueues, DateTimeOffset now)
    {
        var state = detail.State;
        var suspended = state.SuspendedReason is { } reason
            ? new ReadyQueueSuspensionView(detail.SuspensionId, state.Path, reason,
                state.SuspendedUntil is { } until ? Core.Throttling.HumanDuration.Format(until - now) : null, state.SuspendedUntil)
            : null;
        return new(state.Path, id.Source, detail.EgressPool, id.Protocol,
            new ReadyQueueStateView(state.Connections, state.Ready, suspended, detail.ConnectionLimited, detail.ConnectionRateThrottled),
            detail.PathConfigJson is { } config ? JsonNode.Parse(config)!.AsObject() : null,
            detail.ConstraintsJson is { } constraints ? JsonNode.Parse(constraints)!.AsObject() : null,
            [.. detail.Connections.Select(c => new DispatcherView(c.Phase, c.StartedAt, HumanDurationSince(c.StartedAt, now), c.Attempted))],
            detail.Targets.Count > 0 ? detail.Targets : null,
            scheduledQueues,
            now,
            state.Ready, state.Connections, state.Busy, state.ConsecutiveConnectionFailures, PathSuspensionView.Of(state), state.Overrides, state.ConnectionLimit);
    }

    private static string HumanDurationSince(DateTimeOffset start, DateTimeOffset now) =>
        Core.Throttling.HumanDuration.Format(now > start ? now - start : TimeSpan.Zero);
}

/// <summary>KumoMTA's ready-queue state: counts, the suspension, and since when connections are limited or rate-throttled.</summary>
internal sealed record ReadyQueueStateView(
    [property: JsonPropertyName("connection_count")] int ConnectionCount,
    [property: JsonPropertyName("ready_count")] int ReadyCount,
    [property: JsonPropertyName("suspended")] ReadyQueueSuspensionView? Suspended,
    [property: JsonPropertyName("connection_limited")] PathCondition? ConnectionLimited,
    [property: JsonPropertyName("connection_rate_throttled")] PathCondition? ConnectionRateThrottled);

internal sealed record ReadyQueueSuspensionView(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("duration")] string? Duration,
    [property: JsonPropertyName("expires")] DateTimeOffset? Expires);

/// <summary>One connection of the path: its phase, when it started, and messages attempted on it.</summary>
internal sealed record DispatcherView(
    [property: JsonPropertyName("phase")] string Phase,
    [property: JsonPropertyName("started_at")] DateTimeOffset StartedAt,
    [property: JsonPropertyName("age")] string Age,
    [property: JsonPropertyName("attempted_this_connection")] int AttemptedThisConnection);

internal sealed record PathSuspensionView(
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("until")] DateTimeOffset? Until)
{
    public static PathSuspensionView? Of(EgressPathState state) =>
        state.SuspendedReason is { } reason ? new PathSuspensionView(reason, state.SuspendedUntil) : null;
}

internal sealed record ScheduledQueueSummary(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("scheduled")] int Scheduled,
    [property: JsonPropertyName("due")] int Due,
    [property: JsonPropertyName("parked")] int Parked);

/// <summary>One row of the <c>ready</c> list of <c>queues</c>.</summary>
internal sealed record ReadyQueueSummary(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("ready")] int Ready,
    [property: JsonPropertyName("connections")] int Connections,
    [property: JsonPropertyName("busy")] int Busy,
    [property: JsonPropertyName("suspended")] PathSuspensionView? Suspended,
    [property: JsonPropertyName("connection_limit")] long? ConnectionLimit)
{
    public static ReadyQueueSummary From(EgressPathState state) =>
        new(state.Path, state.Ready, state.Connections, state.Busy, PathSuspensionView.Of(state), state.ConnectionLimit);
}

/// <summary>The answer of <c>queues</c>: every known scheduled queue and egress path, sorted by name.</summary>
internal sealed record QueuesView(
    [property: JsonPropertyName("scheduled")] IReadOnlyList<ScheduledQueueSummary> Scheduled,
    [property: JsonPropertyName("ready")] IReadOnlyList<ReadyQueueSummary> Ready);
