using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Mta.Core;
using Akka.Mta.Core.Logging;
using Akka.Mta.Delivery.Queueing;
using Akka.Mta.Delivery.Reception;
using Akka.Mta.Persistence.Spool;
using Akka.Mta.Policy;
using Akka.Mta.Policy.LogHooks;
using Microsoft.Extensions.Logging;

namespace Akka.Mta.Delivery.LogHooks;

/// <summary>
/// Turns log records into log hook messages: for each hook of the running policy that takes the
/// record (<c>per_record</c>, then <c>should_enqueue_log_record</c>), the record with the hook's
/// <c>meta</c> and <c>headers</c> becomes a spool message (body: the JSON record) of the queue
/// <c>&lt;name&gt;.log_hook</c>, stored before it is handed to that scheduled queue. Records about log
/// hook messages are never fed back. A failing policy handler keeps the record (logged); a failing
/// spool write loses it for that hook only (logged); neither stops mail.
/// </summary>
public sealed partial class LogHookFeeder(IPolicyHost policy, ISpool spool, Func<IActorRef> queues, TimeProvider time, ILogger logger)
{
    private const int MaxHeaderBytes = 64 * 1024;

    /// <summary>Completes once every hook that takes the record has it in the spool (or failed, logged); never faults.</summary>
    public Task Offer(LogRecord record)
    {
        if (LogHookRouting.IsHookQueue(record.Queue))
        {
            return Task.CompletedTask; // no loops: records about hook messages stay out of hooks
        }
        var hooks = policy.LogHooks;
        List<Task>? pending = null;
        foreach (var hook in hooks)
        {
            if (hook.Takes(record.Type.ToString()))
            {
                (pending ??= []).Add(EnqueueAsync(record, hook));
            }
        }
        return pending is null ? Task.CompletedTask : pending.Count == 1 ? pending[0] : Task.WhenAll(pending);
    }

    private async Task EnqueueAsync(LogRecord record, LogHookDefinition hook)
    {
        try
        {
            var shaped = record with
            {
                Meta = hook.Meta.Where(record.Meta.ContainsKey).ToDictionary(k => k, k => record.Meta[k], StringComparer.Ordinal),
                Headers = hook.Headers.Count == 0 ? new Dictionary<string, string>() : await HeadersAsync(record.Id, hook.Headers).ConfigureAwait(false),
            };
            var body = JsonSerializer.SerializeToUtf8Bytes(shaped, typeof(LogRecord), LogRecord.SerializerContext);
            if (!Wanted(body, hook))
            {
                return;
            }
            // Due and created at the record's time: a batch keeps the order the records were written in.
            var now = record.EventTime;
            var id = SpoolId.New(time);
            var queue = hook.QueueName;
            var recipient = "log_hook@" + hook.Name;
            var meta = new JsonObject { ["queue"] = queue, ["log_hook"] = hook.Name, ["record_id"] = record.Id }.ToJsonString();
            await spool.StoreAsync(new SpoolMessage(id, new SpoolEnvelope("", [recipient]), new SpoolSchedule(queue, now, 0), meta, body))
                .ConfigureAwait(false);
            var queued = new QueuedMessage(id.ToString(), "", recipient, queue, now, 0, now, body.Length, meta);
            queues().Tell(new ShardingEnvelope(queue, new EnqueueMessages([queued])));
        }
        catch (Exception e)
        {
            LogSpoolFailed(logger, hook.Name, record.Type.ToString(), record.Id, e.Message);
        }
    }

    /// <summary><c>should_enqueue_log_record</c>: a failing handler keeps the record (it is logged, not lost).</summary>
    private bool Wanted(byte[] body, LogHookDefinition hook)
    {
        if (!policy.RegisteredEvents.Contains(PolicyEvents.ShouldEnqueueLogRecord))
        {
            return true;
        }
        try
        {
            return policy.ShouldEnqueueLogRecord((JsonObject)JsonNode.Parse(body)!, hook.Name);
        }
        catch (PolicyException e)
        {
            LogFilterFailed(logger, hook.Name, e.Error.ToString());
            return true;
        }
    }

    /// <summary>The named headers of the message the record is about, while it is still in the spool.</summary>
    private async Task<Dictionary<string, string>> HeadersAsync(string messageId, IReadOnlyList<string> names)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!SpoolId.TryParse(messageId, out var id) || await spool.LoadAsync(id).ConfigureAwait(false) is not { } message)
        {
            return headers;
        }
        var block = HeaderBlock.Parse(message.Body.Span[..Math.Min(message.Body.Length, MaxHeaderBytes)]);
        foreach (var name in names)
        {
            if (block.First(name) is { } value)
            {
                headers[name] = value;
            }
        }
        return headers;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Log hook {Hook}: the {Type} record of {Id} could not be spooled and is not published: {Reason}")]
    private static partial void LogSpoolFailed(ILogger logger, string hook, string type, string id, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Log hook {Hook}: should_enqueue_log_record failed, the record is kept: {Error}")]
    private static partial void LogFilterFailed(ILogger logger, string hook, string error);
}
