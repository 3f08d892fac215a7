using System.Text;
using Akka.Mta.Persistence.Journal;

namespace Akka.Mta.Persistence.Tests.Specs;

/// <summary>The event journal contract, run against every provider.</summary>
public abstract class JournalSpec : StoreSpec
{
    private IEventJournal Journal => Store.Journal;

    private static JournalEvent Event(long sequenceNr, string text = "") =>
        new(sequenceNr, TestData.Due((int)sequenceNr), $"Test.Event{sequenceNr % 3}", Encoding.UTF8.GetBytes($"event {sequenceNr} {text}"));

    private static IReadOnlyList<JournalEvent> Events(long from, long to, string text = "") =>
        Enumerable.Range((int)from, (int)(to - from + 1)).Select(i => Event(i, text)).ToList();

    private static void AssertSameEvents(IEnumerable<JournalEvent> expected, IEnumerable<JournalEvent> actual) =>
        Assert.Equal(
            expected.Select(e => (e.SequenceNr, e.Timestamp, e.Manifest, Convert.ToHexString(e.Payload.Span))),
            actual.Select(e => (e.SequenceNr, e.Timestamp, e.Manifest, Convert.ToHexString(e.Payload.Span))));

    [Fact]
    public async Task Append_ThenReplay_ReturnsTheEventsInOrder()
    {
        await Journal.AppendAsync("p-1", Events(1, 3));
        await Journal.AppendAsync("p-1", Events(4, 5));

        AssertSameEvents(Events(1, 5), await Journal.ReplayAsync("p-1", 1).ToListAsync());
    }

    [Fact]
    public async Task Replay_KeepsToTheRequestedRange_AndToItsPersistenceId()
    {
        await Journal.AppendAsync("p-1", Events(1, 10));
        await Journal.AppendAsync("p-2", Events(1, 2, "other"));

        AssertSameEvents(Events(4, 7), await Journal.ReplayAsync("p-1", 4, 7).ToListAsync());
        AssertSameEvents(Events(1, 2, "other"), await Journal.ReplayAsync("p-2", 0).ToListAsync());
        Assert.Empty(await Journal.ReplayAsync("p-3", 1).ToListAsync());
    }

    [Fact]
    public async Task Append_OverlappingStoredSequenceNumbers_IsRejectedWhole()
    {
        await Journal.AppendAsync("p-1", Events(1, 3));

        var error = await Assert.ThrowsAsync<JournalConflictException>(() => Journal.AppendAsync("p-1", Events(3, 5, "late")));

        Assert.Equal(3, error.HighestStored);
        Assert.Contains("p-1", error.Message);
        AssertSameEvents(Events(1, 3), await Journal.ReplayAsync("p-1", 1).ToListAsync());
    }

    [Fact]
    public async Task ConcurrentAppends_OfTheSameSequenceNumber_OnlyOneWins()
    {
        var attempts = Enumerable.Range(0, 8).Select(i => Journal.AppendAsync("p-race", Events(1, 2, $"writer {i}"))).ToList();

        var outcomes = await Task.WhenAll(attempts.Select(async t =>
        {
            try
            {
                await t;
                return true;
            }
            catch (JournalConflictException)
            {
                return false;
            }
        }));

        Assert.Single(outcomes, won => won);
        Assert.Equal(2, (await Journal.ReplayAsync("p-race", 1).ToListAsync()).Count);
    }

    [Fact]
    public async Task Append_NonConsecutiveSequenceNumbers_IsRefused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Journal.AppendAsync("p-1", [Event(1), Event(3)]));
        await Assert.ThrowsAsync<ArgumentException>(() => Journal.AppendAsync("p-1", [Event(0)]));
        Assert.Equal(0, await Journal.ReadHighestSequenceNrAsync("p-1"));
    }

    [Fact]
    public async Task Highest_IsZeroForAnUnknownId_AndTheLastAppendedOtherwise()
    {
        Assert.Equal(0, await Journal.ReadHighestSequenceNrAsync("p-1"));

        await Journal.AppendAsync("p-1", Events(1, 4));

        Assert.Equal(4, await Journal.ReadHighestSequenceNrAsync("p-1"));
    }

    [Fact]
    public async Task DeleteUpTo_RemovesThoseEvents_AndKeepsTheRest()
    {
        await Journal.AppendAsync("p-1", Events(1, 5));

        await Journal.DeleteUpToAsync("p-1", 3);

        AssertSameEvents(Events(4, 5), await Journal.ReplayAsync("p-1", 1).ToListAsync());
        Assert.Equal(5, await Journal.ReadHighestSequenceNrAsync("p-1"));
    }

    [Fact]
    public async Task DeleteUpTo_Everything_RemembersTheHighestNumber()
    {
        await Journal.AppendAsync("p-1", Events(1, 5));

        await Journal.DeleteUpToAsync("p-1", long.MaxValue);

        Assert.Empty(await Journal.ReplayAsync("p-1", 1).ToListAsync());
        Assert.Equal(5, await Journal.ReadHighestSequenceNrAsync("p-1"));
        await Assert.ThrowsAsync<JournalConflictException>(() => Journal.AppendAsync("p-1", Events(5, 5)));
        await Journal.AppendAsync("p-1", Events(6, 6));
        AssertSameEvents(Events(6, 6), await Journal.ReplayAsync("p-1", 1).ToListAsync());
    }

    [Fact]
    public async Task Events_SurviveReopening()
    {
        await Journal.AppendAsync("p-1", Events(1, 3));
        await Journal.DeleteUpToAsync("p-1", 1);

        await ReopenAsync();

        AssertSameEvents(Events(2, 3), await Store.Journal.ReplayAsync("p-1", 1).ToListAsync());
        Assert.Equal(3, await Store.Journal.ReadHighestSequenceNrAsync("p-1"));
    }

    [Fact]
    public async Task ConcurrentAppends_ToManyIds_AllLand()
    {
        await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            await Journal.AppendAsync($"p-{i}", Events(1, 2));
            await Journal.AppendAsync($"p-{i}", Events(3, 3));
        }));

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(3, await Journal.ReadHighestSequenceNrAsync($"p-{i}"));
        }
    }
}
