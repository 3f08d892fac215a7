using Akka.Mta.Core;
using Akka.Mta.Persistence.Spool;

namespace Akka.Mta.Persistence.Tests.Specs;

/// <summary>The spool contract, run against every provider.</summary>
public abstract class SpoolSpec : StoreSpec
{
    private ISpool Spool => Store.Spool;

    private static void AssertSameMessage(SpoolMessage expected, SpoolMessage? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Envelope.Sender, actual.Envelope.Sender);
        Assert.Equal(expected.Envelope.Recipients, actual.Envelope.Recipients);
        Assert.Equal(expected.Schedule, actual.Schedule);
        Assert.Equal(expected.MetadataJson, actual.MetadataJson);
        Assert.True(expected.Body.Span.SequenceEqual(actual.Body.Span), $"body of {expected.Id} differs after the round trip");
    }

    [Fact]
    public async Task Store_ThenLoad_ReturnsEveryFieldExactly()
    {
        var message = TestData.Message(bodyBytes: 10_000, seed: 1);

        await Spool.StoreAsync(message);

        AssertSameMessage(message, await Spool.LoadAsync(message.Id));
    }

    [Fact]
    public async Task Store_NullSenderAndEmptyBody_RoundTrip()
    {
        var message = TestData.Message(bodyBytes: 0) with { Envelope = new SpoolEnvelope("", ["postmaster@example.com"]) };

        await Spool.StoreAsync(message);

        AssertSameMessage(message, await Spool.LoadAsync(message.Id));
    }

    [Fact]
    public async Task Load_UnknownId_ReturnsNull()
    {
        Assert.Null(await Spool.LoadAsync(SpoolId.New(TimeProvider.System)));
    }

    [Fact]
    public async Task Store_DuplicateId_IsRejected_AndKeepsTheStoredMessage()
    {
        var first = TestData.Message(seed: 1);
        await Spool.StoreAsync(first);

        var error = await Assert.ThrowsAsync<SpoolIdConflictException>(
            () => Spool.StoreAsync(TestData.Message(seed: 2) with { Id = first.Id }));

        Assert.Equal(first.Id, error.Id);
        Assert.Contains(Store.Location, error.Message);
        AssertSameMessage(first, await Spool.LoadAsync(first.Id));
    }

    [Fact]
    public async Task Update_ReplacesScheduleAndMetadata()
    {
        var message = TestData.Message();
        await Spool.StoreAsync(message);
        var schedule = new SpoolSchedule("other:tenant@example.net", TestData.Due(300), 3);

        Assert.True(await Spool.UpdateAsync(message.Id, schedule, """{"retry":true}"""));

        var loaded = await Spool.LoadAsync(message.Id);
        AssertSameMessage(message with { Schedule = schedule, MetadataJson = """{"retry":true}""" }, loaded);
    }

    [Fact]
    public async Task Update_WithoutMetadata_KeepsTheMetadata()
    {
        var message = TestData.Message();
        await Spool.StoreAsync(message);
        var schedule = message.Schedule with { Attempts = 1, Due = TestData.Due(60) };

        Assert.True(await Spool.UpdateAsync(message.Id, schedule));

        AssertSameMessage(message with { Schedule = schedule }, await Spool.LoadAsync(message.Id));
    }

    [Fact]
    public async Task Update_UnknownId_ReturnsFalse()
    {
        Assert.False(await Spool.UpdateAsync(SpoolId.New(TimeProvider.System), new SpoolSchedule("q", TestData.Due(0), 1)));
    }

    [Fact]
    public async Task Delete_RemovesTheMessage_AndReportsWhetherItWasThere()
    {
        var message = TestData.Message();
        await Spool.StoreAsync(message);

        Assert.True(await Spool.DeleteAsync(message.Id));
        Assert.False(await Spool.DeleteAsync(message.Id));

        Assert.Null(await Spool.LoadAsync(message.Id));
        Assert.Empty(await Spool.EnumerateAllAsync().ToListAsync());
    }

    [Fact]
    public async Task EnumerateQueue_ReturnsOnlyThatQueue_InIdOrder_WithBodyLengths()
    {
        var inQueue = Enumerable.Range(0, 5).Select(i => TestData.Message("a:t@x.com", bodyBytes: 100 + i, seed: i)).ToList();
        var elsewhere = Enumerable.Range(0, 3).Select(i => TestData.Message("b:t@x.com", seed: 10 + i)).ToList();
        await Task.WhenAll(inQueue.Concat(elsewhere).Select(m => Spool.StoreAsync(m)));

        var entries = await Spool.EnumerateQueueAsync("a:t@x.com").ToListAsync();

        Assert.Equal(inQueue.Select(m => m.Id).Order(), entries.Select(e => e.Id));
        foreach (var entry in entries)
        {
            var message = inQueue.Single(m => m.Id == entry.Id);
            Assert.Equal(message.Body.Length, entry.BodyLength);
            Assert.Equal(message.Schedule, entry.Schedule);
            Assert.Equal(message.Envelope.Recipients, entry.Envelope.Recipients);
            Assert.Equal(message.MetadataJson, entry.MetadataJson);
        }
        Assert.Empty(await Spool.EnumerateQueueAsync("nobody:t@x.com").ToListAsync());
    }

    [Fact]
    public async Task EnumerateAll_StreamsEveryMessage_InIdOrder()
    {
        var messages = Enumerable.Range(0, 300).Select(i => TestData.Message($"q{i % 7}:t@x.com", bodyBytes: 64, seed: i)).ToList();
        await Task.WhenAll(messages.Select(m => Spool.StoreAsync(m)));

        var entries = await Spool.EnumerateAllAsync().ToListAsync();

        Assert.Equal(messages.Select(m => m.Id).Order(), entries.Select(e => e.Id));
    }

    [Fact]
    public async Task Store_FiftyMegabyteBody_RoundTrips()
    {
        var message = TestData.Message(bodyBytes: 50 * 1024 * 1024, seed: 50);

        await Spool.StoreAsync(message);

        AssertSameMessage(message, await Spool.LoadAsync(message.Id));
    }

    [Fact]
    public async Task StoredMessages_SurviveReopening_AndDeletedOnesStayDeleted()
    {
        var kept = TestData.Message(seed: 1);
        var deleted = TestData.Message(seed: 2);
        await Spool.StoreAsync(kept);
        await Spool.StoreAsync(deleted);
        await Spool.DeleteAsync(deleted.Id);

        await ReopenAsync();

        AssertSameMessage(kept, await Store.Spool.LoadAsync(kept.Id));
        Assert.Equal([kept.Id], (await Store.Spool.EnumerateAllAsync().ToListAsync()).Select(e => e.Id));
    }

    [Fact]
    public async Task ConcurrentStoresAndDeletes_AllComplete_AndEachCommitCarriesAtLeastOne()
    {
        var messages = Enumerable.Range(0, 64).Select(i => TestData.Message(bodyBytes: 4096, seed: i)).ToList();

        await Task.WhenAll(messages.Select(async m =>
        {
            await Spool.StoreAsync(m);
            if (m.Body.Span[0] % 2 == 0)
            {
                Assert.True(await Spool.DeleteAsync(m.Id));
            }
        }));

        var expected = messages.Where(m => m.Body.Span[0] % 2 != 0).Select(m => m.Id).Order();
        Assert.Equal(expected, (await Spool.EnumerateAllAsync().ToListAsync()).Select(e => e.Id));
        var statistics = Store.Statistics;
        Assert.True(statistics.Commits >= 1 && statistics.Commits <= statistics.Operations,
            $"{statistics.Commits} commits for {statistics.Operations} operations");
    }

    [Fact]
    public async Task Store_CancelledBeforeWriting_StoresNothing()
    {
        var message = TestData.Message();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Spool.StoreAsync(message, cancelled.Token));

        Assert.Null(await Spool.LoadAsync(message.Id));
    }

    [Fact]
    public async Task Store_MetadataThatIsNotJson_IsRefusedNamingTheMessage()
    {
        var message = TestData.Message() with { MetadataJson = "{not json" };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Spool.StoreAsync(message));

        Assert.Contains(message.Id.ToString(), error.Message);
        Assert.Null(await Spool.LoadAsync(message.Id));
    }

    [Fact]
    public async Task Store_WithoutRecipients_IsRefused()
    {
        var message = TestData.Message() with { Envelope = new SpoolEnvelope("a@b.c", []) };

        await Assert.ThrowsAsync<ArgumentException>(() => Spool.StoreAsync(message));
    }

    [Fact]
    public async Task ClaimQueue_RaisesTheEpoch_AndEveryOperationUnderTheOlderFenceIsRefused()
    {
        var message = TestData.Message(queue: "fenced@example.com");
        await Spool.StoreAsync(message);
        var first = new SpoolFence("fenced@example.com", await Spool.ClaimQueueAsync("fenced@example.com"));
        Assert.True(await Spool.UpdateOwnedAsync(message.Id, message.Schedule with { Attempts = 1 }, null, first));

        var second = new SpoolFence("fenced@example.com", await Spool.ClaimQueueAsync("fenced@example.com"));

        Assert.True(second.Epoch > first.Epoch, $"epoch {second.Epoch} after {first.Epoch}");
        Assert.False(await Spool.UpdateOwnedAsync(message.Id, message.Schedule with { Attempts = 5 }, null, first));
        Assert.False(await Spool.DeleteOwnedAsync(message.Id, first));
        var stale = await Spool.LoadOwnedAsync(message.Id, first);
        Assert.False(stale.Owned);
        AssertSameMessage(message with { Schedule = message.Schedule with { Attempts = 1 } }, stale.Message);
        var owned = await Spool.LoadOwnedAsync(message.Id, second);
        Assert.True(owned.Owned);
        Assert.True(await Spool.UpdateOwnedAsync(message.Id, message.Schedule with { Attempts = 2 }, """{"x":1}""", second));
        Assert.Equal(2, (await Spool.LoadAsync(message.Id))!.Schedule.Attempts);
        Assert.True(await Spool.DeleteOwnedAsync(message.Id, second));
        Assert.Equal(new OwnedLoad(null, false), await Spool.LoadOwnedAsync(message.Id, second));
    }

    [Fact]
    public async Task Fence_OfAnotherQueue_DoesNotCoverTheMessage()
    {
        var message = TestData.Message(queue: "one@example.com");
        await Spool.StoreAsync(message);
        await Spool.ClaimQueueAsync("one@example.com");
        var other = new SpoolFence("two@example.com", await Spool.ClaimQueueAsync("two@example.com"));

        Assert.False(await Spool.UpdateOwnedAsync(message.Id, message.Schedule, null, other));
        Assert.False(await Spool.DeleteOwnedAsync(message.Id, other));
        Assert.False((await Spool.LoadOwnedAsync(message.Id, other)).Owned);
        Assert.NotNull(await Spool.LoadAsync(message.Id));
    }

    [Fact]
    public async Task Fence_WithoutAClaimedEpoch_IsRefusedAsInvalid()
    {
        var message = TestData.Message();
        await Spool.StoreAsync(message);

        await Assert.ThrowsAsync<ArgumentException>(() => Spool.DeleteOwnedAsync(message.Id, new SpoolFence(message.Schedule.Queue, 0)));
    }

    [Fact]
    public async Task EnumerateQueueNames_ListsEachQueueWithMailOnce_InOrder()
    {
        foreach (var (queue, seed) in new[] { ("b@example.com", 1), ("a@example.com", 2), ("b@example.com", 3), ("c@example.com", 4), ("a@example.com", 5) })
        {
            await Spool.StoreAsync(TestData.Message(queue: queue, seed: seed));
        }
        await Spool.ClaimQueueAsync("claimed-but-empty@example.com");

        Assert.Equal(["a@example.com", "b@example.com", "c@example.com"], await Spool.EnumerateQueueNamesAsync().ToListAsync());
    }
}
