using Akka.Mta.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace Akka.Mta.Persistence.Tests.Sqlite;

/// <summary>What the SQLite provider does with files it cannot trust: refuse them, naming the file.</summary>
public sealed class SqliteFileTests : IAsyncLifetime
{
    private readonly SqliteTestFile _file = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _file.DeleteAsync();

    private async Task WriteMessagesAsync(int count, int bodyBytes)
    {
        await using var store = await _file.OpenAsync();
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => store.Spool.StoreAsync(TestData.Message(bodyBytes: bodyBytes, seed: i))));
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _file.Path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private async Task<PersistenceException> OpenFailsAsync(SqliteVerification verification = SqliteVerification.Quick)
    {
        var error = await Assert.ThrowsAnyAsync<PersistenceException>(
            () => SqlitePersistence.OpenAsync(new SqliteStoreOptions(_file.Path) { Verification = verification }));
        Assert.Contains(_file.Path, error.Message);
        return error;
    }

    [Fact]
    public async Task Open_CreatesTheFileAndItsDirectory_InWalMode()
    {
        var nested = Path.Combine(_file.Dir, "a", "b", "spool.db");

        await using (await SqlitePersistence.OpenAsync(new SqliteStoreOptions(nested)))
        {
            using var connection = new SqliteConnection($"Data Source={nested};Pooling=false");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode;";
            Assert.Equal("wal", command.ExecuteScalar());
        }
    }

    [Fact]
    public async Task Open_FileThatIsNotSqlite_IsRefusedNamingIt()
    {
        await File.WriteAllTextAsync(_file.Path, new string('x', 4096));

        var error = await OpenFailsAsync();

        Assert.Contains("not a SQLite database", error.Message);
    }

    [Fact]
    public async Task Open_CorruptHeader_IsRefusedNamingTheFile()
    {
        await WriteMessagesAsync(10, 1000);
        await using (var file = new FileStream(_file.Path, FileMode.Open, FileAccess.Write))
        {
            file.Write("garbage garbage!"u8);
        }

        await OpenFailsAsync();
    }

    [Fact]
    public async Task Open_SpoolTruncatedToZeroBytes_IsRefused_NotStartedEmpty()
    {
        await WriteMessagesAsync(3, bodyBytes: 100);
        File.Delete(_file.Path + "-wal");
        File.Delete(_file.Path + "-shm");
        await using (File.Open(_file.Path, FileMode.Truncate))
        {
        }

        var error = await OpenFailsAsync();

        Assert.Contains("empty (0 bytes)", error.Message);
        Assert.Equal(0, new FileInfo(_file.Path).Length);
    }

    [Fact]
    public async Task Open_FileCutInsideItsHeader_IsRefusedAsTruncated()
    {
        await WriteMessagesAsync(1, 100);
        await using (var file = new FileStream(_file.Path, FileMode.Open, FileAccess.Write))
        {
            file.SetLength(60);
        }

        var error = await OpenFailsAsync();

        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public async Task Open_FileCutInHalf_IsRefusedAsTruncated_NotOpenedWithMessagesMissing()
    {
        await WriteMessagesAsync(40, 100_000);
        var length = new FileInfo(_file.Path).Length;
        await using (var file = new FileStream(_file.Path, FileMode.Open, FileAccess.Write))
        {
            file.SetLength(length / 2);
        }

        var error = await OpenFailsAsync();

        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public async Task CorruptPages_AreReportedNamingTheFile_AtOpenWithFullCheck_OrWhenRead()
    {
        await WriteMessagesAsync(40, 2000);
        await using (var file = new FileStream(_file.Path, FileMode.Open, FileAccess.Write))
        {
            file.Position = 4096; // pages 2..4: b-tree pages of the schema and the tables
            file.Write(Enumerable.Repeat((byte)0xA5, 3 * 4096).ToArray());
        }

        await OpenFailsAsync(SqliteVerification.Full);

        var error = await Assert.ThrowsAnyAsync<PersistenceException>(async () =>
        {
            await using var store = await SqlitePersistence.OpenAsync(new SqliteStoreOptions(_file.Path));
            await foreach (var entry in store.Spool.EnumerateAllAsync())
            {
                await store.Spool.LoadAsync(entry.Id);
            }
        });
        Assert.Contains(_file.Path, error.Message);
    }

    [Fact]
    public async Task Open_NewerSchemaVersion_IsRefusedNamingFileAndVersion()
    {
        await WriteMessagesAsync(1, 100);
        Execute("INSERT INTO schema_version (version, name, applied_ms) VALUES (99, 'from_the_future', 0);");

        var error = await Assert.ThrowsAsync<SchemaVersionException>(() => SqlitePersistence.OpenAsync(new SqliteStoreOptions(_file.Path)));

        Assert.Contains(_file.Path, error.Message);
        Assert.Contains("99", error.Message);
    }

    [Fact]
    public async Task Open_AnotherApplicationsDatabase_IsRefused_AndLeftUntouched()
    {
        Execute("CREATE TABLE users (name TEXT);");

        var error = await Assert.ThrowsAsync<SchemaVersionException>(() => SqlitePersistence.OpenAsync(new SqliteStoreOptions(_file.Path)));

        Assert.Contains("not an Akka.Mta database", error.Message);
        Assert.Contains(_file.Path, error.Message);
    }
}
