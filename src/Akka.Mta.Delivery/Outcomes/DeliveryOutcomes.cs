using System.Text.Json;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Mta.Core;
using Akka.Mta.Core.Logging;
using Akka.Mta.Core.Smtp;
using Akka.Mta.Delivery.Logging;
using Akka.Mta.Delivery.Queueing;
using Akka.Mta.Persistence.Spool;
using Microsoft.Extensions.Logging;

namespace Akka.Mta.Delivery.Outcomes;

/// <summary>
/// What happens after an attempt, in one place: the spool entry is deleted (delivered, bounced,
/// expired) or kept and the message sent back to its scheduled queue (transient failure), and
/// the log record is written. Spool deletes are not awaited by the caller: a delete lost in a
/// crash means the message is delivered again (at-least-once), never lost.
/// </summary>
public sealed partial class DeliveryOutcomes(ISpool spool, DeliveryLog log, Func<IActorRef> queues, string nodeId, TimeProvider time, ILogger logger)
{
    public const string DeliveryProtocol = "ESMTP";

    public void Delivered(QueuedMessage message, SmtpResponse response, AttemptContext context) =>
        Finish(message, Record(LogRecordType.Delivery, message, response, context, message.Attempts + 1));

    public void Bounced(QueuedMessage message, SmtpResponse response, AttemptContext context) =>
        Finish(message, Record(LogRecordType.Bounce, message, response, context, message.Attempts + 1));

    public void Expired(QueuedMessage message, SmtpResponse response, AttemptContext context) =>
        Finish(message, Record(LogRecordType.Expiration, message, response, context, message.Attempts));

    /// <summary>
    /// Removes a message an administrator bounced (an <c>AdminBounce</c> record unless the bounce
    /// suppresses logging); the caller reports the count to the admin controls.
    /// </summary>
    public void AdminBounced(QueuedMessage message, AdminBounce bounce)
    {
        if (!bounce.SuppressLogging)
        {
            Finish(message, Record(LogRecordType.AdminBounce, message,
                SmtpResponse.Internal(551, new EnhancedStatusCode(5, 7, 1), $"Administrator bounced with reason: {bounce.Reason}"),
                new AttemptContext("localhost", null, null), message.Attempts));
            return;
        }
        _ = DeleteAsync(message.Id);
    }

    /// <summary>Logs the failed attempt and sends the message back to its queue with the attempt counted.</summary>
    public void TransientFailure(QueuedMessage message, SmtpResponse response, AttemptContext context)
    {
        var counted = message with { Attempts = message.Attempts + 1 };
        log.Write(Record(LogRecordType.TransientFailure, counted, response, context, counted.Attempts));
        queues().Tell(new ShardingEnvelope(message.Queue, new RequeueMessage(counted, CountsAsAttempt: true)));
    }

    /// <summary>Sends a message back to its queue without counting an attempt (no record).</summary>
    public void Return(QueuedMessage message, DateTimeOffset? notBefore) =>
        queues().Tell(new ShardingEnvelope(message.Queue, new RequeueMessage(message, CountsAsAttempt: false, notBefore)));

    /// <summary>A transient failure decided by a queue (suspension, DNS): logged, not sent back.</summary>
    public void LogTransient(QueuedMessage message, SmtpResponse response, AttemptContext context) =>
        log.Write(Record(LogRecordType.TransientFailure, message, response, context, message.Attempts));

    /// <summary>An <c>AdminRebind</c> record: the message moved from <paramref name="fromQueue"/> to its new queue.</summary>
    public void LogRebind(QueuedMessage message, string fromQueue, string reason) =>
        log.Write(Record(LogRecordType.AdminRebind, message,
            SmtpResponse.Internal(250, null, $"Rebound from {fromQueue} with reason: {reason}"), AttemptContext.Queue, message.Attempts));

    public void LogReception(QueuedMessage message, string protocol, string? peer) =>
        log.Write(Record(LogRecordType.Reception, message, new SmtpResponse(250, null, "ok"), AttemptContext.Queue, 0) with
        {
            ReceptionProtocol = protocol,
            DeliveryProtocol = null,
            PeerAddress = peer is null ? null : new PeerAddress("", peer),
        });

    /// <summary>The message leaves the spool once its record is in every log hook's queue that takes it (a crash before: it is attempted and logged again).</summary>
    private void Finish(QueuedMessage message, LogRecord record)
    {
        var logged = log.WriteDurably(record);
        _ = logged.IsCompleted ? DeleteAsync(message.Id) : DeleteAfterAsync(logged, message.Id);
    }

    private async Task DeleteAfterAsync(Task logged, string id)
    {
        await logged.ConfigureAwait(false);
        await DeleteAsync(id).ConfigureAwait(false);
    }

    private async Task DeleteAsync(string id)
    {
        try
        {
            await spool.DeleteAsync(SpoolId.Parse(id)).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogDeleteFailed(logger, id, e.Message);
        }
    }

    private LogRecord Record(LogRecordType type, QueuedMessage message, SmtpResponse response, AttemptContext context, int attempts) => new()
    {
        Type = type,
        Id = message.Id,
        Sender = message.Sender,
        Recipient = message.Recipient,
        Queue = message.Queue,
        Site = context.Site,
        Size = message.Size,
        Response = LogResponse.From(response),
        PeerAddress = context.Peer,
        EventTime = time.GetUtcNow(),
        CreatedTime = message.Created,
        NumAttempts = attempts,
        BounceClassification = response.IsPositive ? BounceClassifier.Uncategorized : BounceClassifier.Classify(response),
        EgressPool = context.EgressPool,
        EgressSource = context.EgressSource,
        SourceAddress = context.SourceAddress,
        Meta = Meta(message.MetadataJson),
        DeliveryProtocol = type == LogRecordType.Reception ? null : DeliveryProtocol,
        NodeId = nodeId,
        ProviderName = context.ProviderName,
        SessionId = context.SessionId,
        TlsCipher = context.TlsCipher,
        TlsProtocolVersion = context.TlsProtocolVersion,
    };

    private static Dictionary<string, JsonElement> Meta(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind == JsonValueKind.Object
            ? document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal)
            : [];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Spool delete of {Id} failed ({Reason}): the message will be delivered again after a restart")]
    private static partial void LogDeleteFailed(ILogger logger, string id, string reason);
}
