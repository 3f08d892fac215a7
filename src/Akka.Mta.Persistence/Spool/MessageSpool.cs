using System.Text.Json;
using Akka.Mta.Core;
using Akka.Mta.Persistence.Writing;

namespace Akka.Mta.Persistence.Spool;

/// <summary>The spool over any provider: checks input, queues writes for group commit, reads through the provider.</summary>
internal sealed class MessageSpool(GroupCommitWriter writer, IStoreReader reader, GroupCommitOptions options) : ISpool
{
    public Task StoreAsync(SpoolMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        CheckEnvelope(message.Id, message.Envelope);
        CheckSchedule(message.Id, message.Schedule);
        CheckJson(message.Id, message.MetadataJson);
        if (message.Body.Length > options.MaxBodyBytes)
        {
            throw new ArgumentException(
                $"message {message.Id}: body of {message.Body.Length} bytes is over the spool's limit of {options.MaxBodyBytes}", nameof(message));
        }
        return writer.EnqueueAsync(new StoreMessageOp(message, cancellationToken));
    }

    public Task<bool> UpdateAsync(SpoolId id, SpoolSchedule schedule, string? metadataJson = null, CancellationToken cancellationToken = default)
    {
        CheckSchedule(id, schedule);
        if (metadataJson is not null)
        {
            CheckJson(id, metadataJson);
        }
        return writer.EnqueueAsync(new UpdateMessageOp(id, schedule, metadataJson, cancellationToken));
    }

    public Task<bool> DeleteAsync(SpoolId id, CancellationToken cancellationToken = default) =>
        writer.EnqueueAsync(new DeleteMessageOp(id, cancellationToken));

    public Task<long> ClaimQueueAsync(string queue, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(queue);
        return reader.ClaimQueueAsync(queue, cancellationToken);
    }

    public Task<bool> UpdateOwnedAsync(SpoolId id, SpoolSchedule schedule, string? metadataJson, SpoolFence fence, CancellationToken cancellationToken = default)
    {
        CheckSchedule(id, schedule);
        CheckFence(fence);
        if (metadataJson is not null)
        {
            CheckJson(id, metadataJson);
        }
        return writer.EnqueueAsync(new UpdateMessageOp(id, schedule, metadataJson, cancellationToken) { Fence = fence });
    }

    public Task<bool> DeleteOwnedAsync(SpoolId id, SpoolFence fence, CancellationToken cancellationToken = default)
    {
        CheckFence(fence);
        return writer.EnqueueAsync(new DeleteMessageOp(id, cancellationToken) { Fence = fence });
    }

    public Task<OwnedLoad> LoadOwnedAsync(SpoolId id, SpoolFence fence, CancellationToken cancellationToken = default)
    {
        CheckFence(fence);
        return reader.LoadOwnedAsync(id, fence, cancellationToken);
    }

    public IAsyncEnumerable<string> EnumerateQueueNamesAsync(CancellationToken cancellationToken = default) =>
        reader.EnumerateQueueNamesAsync(cancellationToken);

    public Task<SpoolMessage?> LoadAsync(SpoolId id, CancellationToken cancellationToken = default) =>
        reader.LoadMessageAsync(id, cancellationToken);

    public IAsyncEnumerable<SpoolEntry> EnumerateAllAsync(CancellationToken cancellationToken = default) =>
        reader.EnumerateMessagesAsync(null, cancellationToken);

    public IAsyncEnumerable<SpoolEntry> EnumerateQueueAsync(string queue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queue);
        return reader.EnumerateMessagesAsync(queue, cancellationToken);
    }

    private static void CheckFence(SpoolFence fence)
    {
        ArgumentNullException.ThrowIfNull(fence);
        if (string.IsNullOrEmpty(fence.Queue) || fence.Epoch < 1)
        {
            throw new ArgumentException($"fence {fence.Queue}#{fence.Epoch}: needs a queue and an epoch from ClaimQueueAsync (1 or more)", nameof(fence));
        }
    }

    private static void CheckEnvelope(SpoolId id, SpoolEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(envelope.Sender);
        if (envelope.Recipients is null || envelope.Recipients.Count == 0 || envelope.Recipients.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException($"message {id}: the envelope needs at least one recipient, none empty", nameof(envelope));
        }
    }

    private static void CheckSchedule(SpoolId id, SpoolSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (string.IsNullOrEmpty(schedule.Queue))
        {
            throw new ArgumentException($"message {id}: the queue name is empty", nameof(schedule));
        }
        if (schedule.Attempts < 0)
        {
            throw new ArgumentException($"message {id}: attempts is {schedule.Attempts}, below zero", nameof(schedule));
        }
    }

    private static void CheckJson(SpoolId id, string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
        }
        catch (JsonException error)
        {
            throw new ArgumentException($"message {id}: metadata is not valid JSON: {error.Message}", nameof(json), error);
        }
    }
}
