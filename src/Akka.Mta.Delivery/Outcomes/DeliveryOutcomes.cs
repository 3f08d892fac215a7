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
/// crash means the message is delivered again (at-least-once), never lost. After an offered
/// message's delete the queue is told (<see cref="MessageFinished"/>). Deletes a queue decides
/// without an attempt (expiry, admin bounce, a bounce by routing) are fenced by the queue's owner
/// epoch (<see cref="QueuedMessage.Epoch"/>); the delete after an attempt is not: the attempt happened.
/// </summary>
public sealed partial class DeliveryOutcomes(ISpool spool, DeliveryLog log, Func<IActorRef> queues, string nodeId, TimeProvider time, ILogger logger)
{
    public const string DeliveryProtocol = "ESMTP";

    public void Delivered(QueuedMessage message, SmtpResponse response, AttemptContext context) =>
        Finish(message, Record(LogRecordType.Delivery, message, response, context, message.Attempts + 1), fenced: false, notify: true);

    /// <param name="attempted">False when no receiver was asked (routing failed for good): the delete is then fenced.</param>
    public void Bounced(QueuedMessage message, SmtpResponse response, AttemptContext context, bool attempted = true) =>
        Finish(message, Record(LogRecordType.Bounce, message, response, context, message.Attempts + 1), fenced: !attempted, notify: true);

    /// <summary>Expired by its queue (it held the message: no notice goes back).</summary>
    public void Expired(QueuedMessage message, SmtpResponse response, AttemptContext context) =>
        Finish(message, Record(LogRecordType.Expiration, message, response, context, message.Attempts), fenced: true, notify: false);

    /// <summary>An offered message is no longer in the spool (delivered or bounced already): its queue forgets it.</summary>
    public void Gone(QueuedMessage message) =>
        queues().Tell(new ShardingEnvelope(message.Queue, new MessageFinished(message.Id)));

    /// <summary>A connection found the offer's epoch superseded: the message goes back to its queue, unattempted.</summary>
    public void OwnershipLost(QueuedMessage message) =>
        queues().Tell(new ShardingEnvelope(message.Queue, new OwnershipLost(message)));

    /// <summary>
    /// Removes a message an administrator bounced (an <c>AdminBounce</c> record unless the bounce
    /// suppresses logging); the caller reports the count to the admin controls.
    /// </summary>
    /// <param name="offered">Bounced by the path it was offered to: its queue is told once the entry is deleted.</param>
    public void AdminBounced(QueuedMessage message, AdminBounce bounce, bool offered = false)
    {
        if (!bounce.SuppressLogging)
        {
            Finish(message, Record(LogRecordType.AdminBounce, message,
                SmtpResponse.Internal(551, new EnhancedStatusCode(5, 7, 1), $"Administrator bounced with reason: {bounce.Reason}"),
                new AttemptContext("localhost", null, null), message.Attempts), fenced: true, notify: offered);
            return;
        }
        _ = DeleteAsync(message, fenced: true, notify: offered);
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
    private void Finish(QueuedMessage message, LogRecord record, bool fenced, bool notify)
    {
        var logged = log.WriteDurably(record);
        _ = logged.IsCompleted ? DeleteAsync(message, fenced, notify) : DeleteAfterAsync(logged, message, fenced, notify);
    }

    private async Task DeleteAfterAsync(Task logged, QueuedMessage message, bool fenced, bool notify)
    {
        await logged.ConfigureAwait(false);
        await DeleteAsync(message, fenced, notify).ConfigureAwait(false);
    }

    private async Task DeleteAsync(QueuedMessage message, bool fenced, bool notify)
    {
        try
        {
            var id = SpoolId.Parse(message.Id);
            if (fenced && message.Epoch > 0)
            {
                await spool.DeleteOwnedAsync(id, new SpoolFence(message.Queue, message.Epoch)).ConfigureAwait(false);
            }
            else
            {
                await spool.DeleteAsync(id).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            LogDeleteFailed(logger, message.Id, e.Message);
            return; // the queue keeps it as offered: its next sweep offers it again (at-least-once)
        }
        if (notify)
        {
            Gone(message);
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
