using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Mta.Delivery.Queueing;
using Akka.Mta.Persistence.Snapshots;

namespace Akka.Mta.Delivery.Admin;

/// <summary>An egress path (ready queue) suspension: the path takes no mail until it expires or is lifted.</summary>
public sealed record PathSuspension(string Id, string Name, string Reason, DateTimeOffset Expires);

/// <summary>
/// Every admin control in force, as one snapshot (bounce counts are not kept). Snapshots saved
/// before sender pauses were kept read with <see cref="SenderPauses"/> null.
/// </summary>
public sealed record AdminControls(IReadOnlyList<QueueSuspension> Suspensions, IReadOnlyList<AdminBounce> Bounces, IReadOnlyList<PathSuspension> Paths,
    IReadOnlyList<SenderPause>? SenderPauses)
{
    public static readonly AdminControls None = new([], [], [], []);
}

/// <summary>
/// Keeps the admin controls (scheduled-queue suspensions, bounces, path suspensions, sender pauses)
/// in the snapshot store, so they last across a restart until they expire. Each change saves the whole
/// set (it is small); saves are serialized and the older snapshot is dropped.
/// </summary>
public sealed class AdminControlStore(ISnapshotStore store, TimeProvider time)
{
    public const string PersistenceId = "admin-controls";
    private long _sequence;

    public async Task<AdminControls> LoadAsync(CancellationToken cancellationToken = default)
    {
        if (await store.LoadLatestAsync(PersistenceId, cancellationToken: cancellationToken).ConfigureAwait(false) is not { } snapshot)
        {
            return AdminControls.None;
        }
        _sequence = snapshot.SequenceNr;
        return JsonSerializer.Deserialize(snapshot.Payload.Span, AdminControlsJsonContext.Default.AdminControls) ?? AdminControls.None;
    }

    public async Task SaveAsync(AdminControls controls, CancellationToken cancellationToken = default)
    {
        var sequence = ++_sequence;
        var payload = JsonSerializer.SerializeToUtf8Bytes(controls, AdminControlsJsonContext.Default.AdminControls);
        await store.SaveAsync(PersistenceId, new Snapshot(sequence, time.GetUtcNow(), "admin-controls-v1", payload), cancellationToken).ConfigureAwait(false);
        await store.DeleteUpToAsync(PersistenceId, sequence - 1, cancellationToken).ConfigureAwait(false);
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(AdminControls))]
internal sealed partial class AdminControlsJsonContext : JsonSerializerContext;
