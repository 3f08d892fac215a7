using Akka.Mta.Core;
using Akka.Mta.Persistence.Spool;

namespace Akka.Mta.Persistence.Writing;

/// <summary>
/// One write waiting for the group-commit writer. The batch executor sets <see cref="Result"/> or,
/// for a write it refuses on its own merits (a duplicate id), <see cref="Rejection"/>; the writer
/// completes <see cref="Completion"/> only after the batch is committed.
/// </summary>
internal abstract class WriteOp(CancellationToken cancellationToken)
{
    public TaskCompletionSource<bool> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Payload bytes, so one batch does not grow without bound.</summary>
    public virtual long Bytes => 0;

    public bool Result { get; set; }

    public Exception? Rejection { get; set; }

    /// <summary>Forgets what a failed attempt set, before the op is written again.</summary>
    public void Reset()
    {
        Result = false;
        Rejection = null;
    }
}

internal sealed class StoreMessageOp(SpoolMessage message, CancellationToken ct) : WriteOp(ct)
{
    public SpoolMessage Message { get; } = message;

    public override long Bytes => Message.Body.Length;
}

internal sealed class UpdateMessageOp(SpoolId id, SpoolSchedule schedule, string? metadataJson, CancellationToken ct) : WriteOp(ct)
{
    public SpoolId Id { get; } = id;

    public SpoolSchedule Schedule { get; } = schedule;

    public string? MetadataJson { get; } = metadataJson;

    /// <summary>When set, written only while this owner epoch holds.</summary>
    public SpoolFence? Fence { get; init; }
}

internal sealed class DeleteMessageOp(SpoolId id, CancellationToken ct) : WriteOp(ct)
{
    public SpoolId Id { get; } = id;

    /// <summary>When set, deleted only while this owner epoch holds.</summary>
    public SpoolFence? Fence { get; init; }
}
