using Akka.Mta.Persistence.CrashWriter;

namespace Akka.Mta.Persistence.Tests.Crash;

/// <summary>
/// Kill -9 a process in the middle of its group commits: afterwards every store it saw return is there
/// with its exact body, every delete it saw return is gone, and nothing torn or half-written exists.
/// </summary>
public abstract class CrashSafetySpec
{
    private const int Writers = 64;
    private const int KillAfterStores = 600;

    /// <summary>The crash writer's provider argument ("sqlite" or "postgres") and its file or connection string.</summary>
    protected abstract Task<(string Provider, string Target)> TargetAsync();

    protected abstract Task<IPersistenceStore> OpenStoreAsync();

    /// <summary>Checks of the provider's own after the store reopened from the crash, with the present message count.</summary>
    protected virtual Task CheckStorageAsync(IPersistenceStore store, int present) => Task.CompletedTask;

    /// <summary>Whether the writer stores bodies of 32 KB to 160 KB instead of 8 KB to 32 KB.</summary>
    protected virtual bool LargeBodies => false;

    [Fact]
    public async Task KilledMidBatch_EveryReturnedStoreIsIntact_AndNothingIsHalfWritten()
    {
        var (provider, target) = await TargetAsync();
        using var writer = new CrashWriterProcess(provider, target, Writers, KillAfterStores, LargeBodies);

        await writer.KillMidBatchAsync();

        await using var store = await OpenStoreAsync();
        foreach (var id in writer.Stored.Except(writer.Deleting))
        {
            var message = await store.Spool.LoadAsync(id);
            Assert.True(message is not null, $"message {id} was reported stored but is missing after the crash");
            Assert.True(message.Body.Span.SequenceEqual(CrashBodies.For(id, LargeBodies)), $"message {id} has a different body after the crash");
            Assert.Equal(CrashBodies.Metadata(id), message.MetadataJson);
            Assert.Equal(CrashBodies.Queue(id), message.Schedule.Queue);
        }
        foreach (var id in writer.Deleted)
        {
            Assert.True(await store.Spool.LoadAsync(id) is null, $"message {id} was reported deleted but is still spooled");
        }
        var present = 0;
        await foreach (var entry in store.Spool.EnumerateAllAsync())
        {
            var message = await store.Spool.LoadAsync(entry.Id);
            var expected = CrashBodies.For(entry.Id, LargeBodies);
            Assert.True(message is not null && entry.BodyLength == expected.Length && message.Body.Span.SequenceEqual(expected),
                $"message {entry.Id} in the spool is torn: {entry.BodyLength} bytes, expected {expected.Length}");
            present++;
        }
        var mustRemain = writer.Stored.Except(writer.Deleting).Count();
        Assert.True(present >= mustRemain, $"{present} messages present, fewer than the {mustRemain} reported stored and never deleted");
        await CheckStorageAsync(store, present);
        Assert.True(writer.Deleted.Count > 0, "the writer was killed before any delete returned: deletes were not exercised");
    }
}
