using Akka.Mta.Core;
using Akka.Mta.Persistence.Spool;
using Akka.Mta.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace Akka.Mta.Persistence.Tests.Sqlite;

/// <summary>Bodies at or over the threshold live in files beside the database; rows and files must always agree.</summary>
public sealed class SqliteBodyFileTests : IAsyncLifetime
{
    private const int Threshold = 32 * 1024;
    private readonly SqliteTestFile _file = new();
    private SqlitePersistence? _store;

    private SqlitePersistence Store => _store ?? throw new InvalidOperationException("the store is not open");

    private string BodiesDir => SqliteBodyFiles.DirectoryFor(_file.Path);

    private string[] BodyFiles() => Directory.Exists(BodiesDir) ? Directory.GetFiles(BodiesDir) : [];

    public async Task InitializeAsync() => _store = await OpenAsync();

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
        await _file.DeleteAsync();
    }

    private Task<SqlitePersistence> OpenAsync() =>
        SqlitePersistence.OpenAsync(new SqliteStoreOptions(_file.Path) { BodyFileThreshold = Threshold });

    private async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        _store = null;
        _store = await OpenAsync();
    }

    private static void AssertSameBody(SpoolMessage expected, SpoolMessage? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.MetadataJson, actual.MetadataJson);
        Assert.True(expected.Body.Span.SequenceEqual(actual.Body.Span), $"body of {expected.Id} differs after the round trip");
    }

    [Fact]
    public async Task BodiesBelowTheThreshold_StayInTheDatabase_AndOnesAtIt_GoToAFile_BothRoundTrip()
    {
        var small = TestData.Message(bodyBytes: Threshold - 1, seed: 1);
        var large = TestData.Message(bodyBytes: Threshold, seed: 2);
        var huge = TestData.Message(bodyBytes: 3 * 1024 * 1024, seed: 3);

        await Task.WhenAll(Store.Spool.StoreAsync(small), Store.Spool.StoreAsync(large), Store.Spool.StoreAsync(huge));

        var files = BodyFiles().Select(Path.GetFileName).Order().ToList();
        Assert.Equal(2, files.Count);
        Assert.Contains(files, f => f!.StartsWith(large.Id.ToString(), StringComparison.Ordinal));
        Assert.Contains(files, f => f!.StartsWith(huge.Id.ToString(), StringComparison.Ordinal));
        foreach (var message in new[] { small, large, huge })
        {
            AssertSameBody(message, await Store.Spool.LoadAsync(message.Id));
        }
        var lengths = (await Store.Spool.EnumerateAllAsync().ToListAsync()).ToDictionary(e => e.Id, e => e.BodyLength);
        Assert.Equal(small.Body.Length, lengths[small.Id]);
        Assert.Equal(large.Body.Length, lengths[large.Id]);
        Assert.Equal(huge.Body.Length, lengths[huge.Id]);

        await ReopenAsync();

        AssertSameBody(large, await Store.Spool.LoadAsync(large.Id));
        AssertSameBody(small, await Store.Spool.LoadAsync(small.Id));
        Assert.Equal(0, Store.OrphanBodyFilesRemoved);
        Assert.Empty(Store.MissingBodies);
    }

    [Fact]
    public async Task Delete_RemovesTheBodyFile()
    {
        var message = TestData.Message(bodyBytes: 100 * 1024, seed: 4);
        await Store.Spool.StoreAsync(message);
        Assert.Single(BodyFiles());

        Assert.True(await Store.Spool.DeleteAsync(message.Id));

        Assert.Empty(BodyFiles());
        Assert.Null(await Store.Spool.LoadAsync(message.Id));
    }

    [Fact]
    public async Task Update_KeepsTheBodyFile()
    {
        var message = TestData.Message(bodyBytes: 64 * 1024, seed: 5);
        await Store.Spool.StoreAsync(message);

        Assert.True(await Store.Spool.UpdateAsync(message.Id, message.Schedule with { Attempts = 2 }, """{"retry":1}"""));

        Assert.Single(BodyFiles());
        AssertSameBody(message with { MetadataJson = """{"retry":1}""" }, await Store.Spool.LoadAsync(message.Id));
    }

    [Fact]
    public async Task DuplicateId_WithALargeBody_KeepsTheStoredBody_AndLeavesNoExtraFile()
    {
        var first = TestData.Message(bodyBytes: 40 * 1024, seed: 6);
        await Store.Spool.StoreAsync(first);

        await Assert.ThrowsAsync<SpoolIdConflictException>(
            () => Store.Spool.StoreAsync(TestData.Message(bodyBytes: 50 * 1024, seed: 7) with { Id = first.Id }));

        Assert.Single(BodyFiles());
        AssertSameBody(first, await Store.Spool.LoadAsync(first.Id));
    }

    [Fact]
    public async Task Open_RemovesFilesNoRowNames()
    {
        var kept = TestData.Message(bodyBytes: 40 * 1024, seed: 8);
        await Store.Spool.StoreAsync(kept);
        await Store.DisposeAsync();
        _store = null;
        // A file written for a batch that never committed, and one whose row was deleted before the unlink.
        await File.WriteAllBytesAsync(Path.Combine(BodiesDir, SqliteBodyFiles.NewName(SpoolId.New(TimeProvider.System))), new byte[1000]);
        var deleted = TestData.Message(bodyBytes: 40 * 1024, seed: 9);
        await File.WriteAllBytesAsync(Path.Combine(BodiesDir, SqliteBodyFiles.NewName(deleted.Id)), deleted.Body.ToArray());

        _store = await OpenAsync();

        Assert.Equal(2, Store.OrphanBodyFilesRemoved);
        var file = Assert.Single(BodyFiles());
        Assert.StartsWith(kept.Id.ToString(), Path.GetFileName(file), StringComparison.Ordinal);
        AssertSameBody(kept, await Store.Spool.LoadAsync(kept.Id));
    }

    [Fact]
    public async Task MissingBodyFile_IsReportedNamingIdAndPath_LeftOutOfRecovery_AndCanBeDeleted()
    {
        var lost = TestData.Message(bodyBytes: 40 * 1024, seed: 10);
        var intact = TestData.Message(bodyBytes: 40 * 1024, seed: 11);
        await Task.WhenAll(Store.Spool.StoreAsync(lost), Store.Spool.StoreAsync(intact));
        await Store.DisposeAsync();
        _store = null;
        var lostFile = BodyFiles().Single(f => Path.GetFileName(f).StartsWith(lost.Id.ToString(), StringComparison.Ordinal));
        File.Delete(lostFile);

        _store = await OpenAsync();

        var report = Assert.Single(Store.MissingBodies);
        Assert.Equal(lost.Id, report.Id);
        Assert.Equal(lostFile, report.Path);
        Assert.Contains(lost.Id.ToString(), report.Message);
        Assert.Contains(lostFile, report.Message);
        Assert.Contains(Store.Location, report.Message);
        var error = await Assert.ThrowsAsync<SpoolBodyMissingException>(() => Store.Spool.LoadAsync(lost.Id));
        Assert.Equal(lostFile, error.Path);
        Assert.Equal([intact.Id], (await Store.Spool.EnumerateAllAsync().ToListAsync()).Select(e => e.Id));
        Assert.Equal([intact.Id], (await Store.Spool.EnumerateQueueAsync(lost.Schedule.Queue).ToListAsync()).Select(e => e.Id));
        AssertSameBody(intact, await Store.Spool.LoadAsync(intact.Id));

        Assert.True(await Store.Spool.DeleteAsync(lost.Id));
        await ReopenAsync();
        Assert.Empty(Store.MissingBodies);
    }

    [Fact]
    public async Task BodyFileRemovedWhileRunning_LoadThrowsNamingIt()
    {
        var message = TestData.Message(bodyBytes: 40 * 1024, seed: 12);
        await Store.Spool.StoreAsync(message);
        var file = Assert.Single(BodyFiles());
        File.Delete(file);

        var error = await Assert.ThrowsAsync<SpoolBodyMissingException>(() => Store.Spool.LoadAsync(message.Id));

        Assert.Equal(message.Id, error.Id);
        Assert.Equal(file, error.Path);
    }

    [Fact]
    public async Task ThresholdAtMaxValue_KeepsEveryBodyInTheDatabase()
    {
        await Store.DisposeAsync();
        _store = await SqlitePersistence.OpenAsync(new SqliteStoreOptions(_file.Path) { BodyFileThreshold = long.MaxValue });
        var message = TestData.Message(bodyBytes: 200 * 1024, seed: 13);

        await Store.Spool.StoreAsync(message);

        Assert.Empty(BodyFiles());
        AssertSameBody(message, await Store.Spool.LoadAsync(message.Id));
    }

    [Fact]
    public async Task MessagesOfAVersion2File_AreKept_WithTheirBodyLengths()
    {
        await Store.DisposeAsync();
        _store = null;
        var id = SpoolId.New(TimeProvider.System);
        RewriteAsVersion2(id, new byte[20_000]);

        _store = await OpenAsync();

        var entry = Assert.Single(await Store.Spool.EnumerateAllAsync().ToListAsync());
        Assert.Equal(id, entry.Id);
        Assert.Equal(20_000, entry.BodyLength);
        Assert.Equal(20_000, (await Store.Spool.LoadAsync(id))!.Body.Length);
    }

    /// <summary>Turns the file back into a schema-2 spool (body in the row, no body columns) holding one message.</summary>
    private void RewriteAsVersion2(SpoolId id, byte[] body)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _file.Path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            DROP TABLE spool_message;
            CREATE TABLE spool_message (
                id BLOB NOT NULL PRIMARY KEY, queue TEXT NOT NULL, due_ms INTEGER NOT NULL, attempts INTEGER NOT NULL,
                sender TEXT NOT NULL, recipients TEXT NOT NULL, metadata TEXT NOT NULL, body BLOB NOT NULL);
            CREATE INDEX spool_message_by_queue ON spool_message (queue, id);
            DELETE FROM schema_version WHERE version > 2;
            INSERT INTO spool_message VALUES (@id, 'q:t@x.com', 0, 0, 'a@b.c', '["r@x.com"]', '{}', @body);
            """;
        command.Parameters.AddWithValue("@id", id.ToByteArray());
        command.Parameters.AddWithValue("@body", body);
        command.ExecuteNonQuery();
    }
}
