using System.Text;
using Akka.Mta.Persistence.Snapshots;

namespace Akka.Mta.Persistence.Tests.Specs;

/// <summary>The snapshot store contract, run against every provider.</summary>
public abstract class SnapshotSpec : StoreSpec
{
    private ISnapshotStore Snapshots => Store.Snapshots;

    private static Snapshot Snap(long sequenceNr, string state = "state") =>
        new(sequenceNr, TestData.Due((int)sequenceNr), "Test.State", Encoding.UTF8.GetBytes($"{state} at {sequenceNr}"));

    private static void AssertSame(Snapshot expected, Snapshot? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal((expected.SequenceNr, expected.Timestamp, expected.Manifest), (actual.SequenceNr, actual.Timestamp, actual.Manifest));
        Assert.Equal(expected.Payload.ToArray(), actual.Payload.ToArray());
    }

    [Fact]
    public async Task LoadLatest_ReturnsTheHighestSaved()
    {
        await Snapshots.SaveAsync("p-1", Snap(10));
        await Snapshots.SaveAsync("p-1", Snap(30));
        await Snapshots.SaveAsync("p-1", Snap(20));

        AssertSame(Snap(30), await Snapshots.LoadLatestAsync("p-1"));
    }

    [Fact]
    public async Task LoadLatest_KeepsBelowTheGivenSequenceNumber_AndToItsId()
    {
        await Snapshots.SaveAsync("p-1", Snap(10));
        await Snapshots.SaveAsync("p-1", Snap(30));
        await Snapshots.SaveAsync("p-2", Snap(25, "other"));

        AssertSame(Snap(10), await Snapshots.LoadLatestAsync("p-1", maxSequenceNr: 29));
        Assert.Null(await Snapshots.LoadLatestAsync("p-1", maxSequenceNr: 9));
        Assert.Null(await Snapshots.LoadLatestAsync("p-3"));
    }

    [Fact]
    public async Task Save_SameSequenceNumber_ReplacesTheSnapshot()
    {
        await Snapshots.SaveAsync("p-1", Snap(10, "first"));
        await Snapshots.SaveAsync("p-1", Snap(10, "second"));

        AssertSame(Snap(10, "second"), await Snapshots.LoadLatestAsync("p-1"));
    }

    [Fact]
    public async Task DeleteUpTo_RemovesOlderSnapshots_AndKeepsNewer()
    {
        foreach (var sequenceNr in new long[] { 10, 20, 30 })
        {
            await Snapshots.SaveAsync("p-1", Snap(sequenceNr));
        }

        await Snapshots.DeleteUpToAsync("p-1", 20);

        Assert.Null(await Snapshots.LoadLatestAsync("p-1", maxSequenceNr: 29));
        AssertSame(Snap(30), await Snapshots.LoadLatestAsync("p-1"));
    }

    [Fact]
    public async Task LargeSnapshot_RoundTrips()
    {
        var payload = new byte[5 * 1024 * 1024];
        new Random(5).NextBytes(payload);
        var snapshot = new Snapshot(7, TestData.Due(7), "Test.Big", payload);

        await Snapshots.SaveAsync("p-1", snapshot);

        AssertSame(snapshot, await Snapshots.LoadLatestAsync("p-1"));
    }

    [Fact]
    public async Task Snapshots_SurviveReopening()
    {
        await Snapshots.SaveAsync("p-1", Snap(10));

        await ReopenAsync();

        AssertSame(Snap(10), await Store.Snapshots.LoadLatestAsync("p-1"));
    }
}
