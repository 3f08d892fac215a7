using Akka.Mta.Core;
using Akka.Mta.Persistence.Schema;
using Akka.Mta.Persistence.Spool;
using Akka.Mta.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace Akka.Mta.Persistence.Tests.Sqlite;

/// <summary>Files written by earlier versions: opening applies the migrations they lack and keeps their messages.</summary>
public sealed class SqliteMigrationTests : IAsyncLifetime
{
    /// <summary>The version that still had the own event journal and snapshot store (tables of migration 0002).</summary>
    private const int LastWithJournal = 3;

    private readonly SqliteTestFile _file = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _file.DeleteAsync();

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _file.Path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private void Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        command.ExecuteNonQuery();
    }

    private T Scalar<T>(string sql)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Builds the file an earlier version left: its migrations up to <paramref name="version"/>, recorded as that version recorded them.</summary>
    private void CreateAtVersion(int version)
    {
        Execute($"PRAGMA application_id = {SqliteFileCheck.ApplicationId};");
        Execute(SqlResources.LoadQueries("Sqlite")["schema.create_version_table"]);
        foreach (var migration in SqlResources.LoadMigrations("Sqlite").Take(version))
        {
            Execute(migration.Sql);
            Execute("INSERT INTO schema_version (version, name, applied_ms) VALUES (@v, @n, 0);", ("@v", migration.Version), ("@n", migration.Name));
        }
    }

    private string[] TablesAndIndexes() =>
        Scalar<string>("SELECT coalesce(group_concat(name, ' '), '') FROM (SELECT name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_stat%' ORDER BY name);")
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task Open_FileOfTheVersionWithTheJournal_DropsJournalAndSnapshotTables_KeepingTheSpool()
    {
        CreateAtVersion(LastWithJournal);
        var id = SpoolId.New(TimeProvider.System);
        var body = new byte[5000];
        new Random(7).NextBytes(body);
        Execute("""
            INSERT INTO spool_message (id, queue, due_ms, attempts, sender, recipients, metadata, body_length, body_file, body)
            VALUES (@id, 'q:t@x.com', 1000, 2, 'a@b.c', '["r@x.com"]', '{"k":1}', 5000, NULL, @body);
            INSERT INTO journal_event (persistence_id, sequence_nr, timestamp_ms, manifest, payload) VALUES ('tsa', 1, 0, 'm', x'01');
            INSERT INTO snapshot (persistence_id, sequence_nr, timestamp_ms, manifest, payload) VALUES ('tsa', 1, 0, 'm', x'02');
            """, ("@id", id.ToByteArray()), ("@body", body));
        Assert.Contains("journal_event", TablesAndIndexes());
        Assert.Contains("sqlite_autoindex_snapshot_1", TablesAndIndexes());

        await using (var store = await _file.OpenAsync())
        {
            var entry = Assert.Single(await store.Spool.EnumerateAllAsync().ToListAsync());
            Assert.Equal(new SpoolSchedule("q:t@x.com", DateTimeOffset.FromUnixTimeMilliseconds(1000), 2), entry.Schedule);
            var loaded = await store.Spool.LoadAsync(id);
            Assert.True(body.AsSpan().SequenceEqual(loaded!.Body.Span), "the spooled body changed in the migration");
            Assert.Equal("""{"k":1}""", loaded.MetadataJson);
        }

        var left = TablesAndIndexes();
        Assert.DoesNotContain(left, n => n.Contains("journal", StringComparison.Ordinal) || n.Contains("snapshot", StringComparison.Ordinal));
        Assert.Contains("spool_message", left);
        Assert.Contains("spool_message_by_queue", left);
        Assert.Equal(SqlResources.LoadMigrations("Sqlite").Count, Scalar<int>("SELECT max(version) FROM schema_version;"));
        Assert.Equal("drop_journal_snapshots", Scalar<string>($"SELECT name FROM schema_version WHERE version = {LastWithJournal + 1};"));
    }

    [Fact]
    public async Task Open_FileAtVersionOne_AppliesEveryLaterMigration_KeepingTheSpool()
    {
        CreateAtVersion(1);
        Execute("INSERT INTO spool_message VALUES (x'0123456789abcdef0123456789abcdef', 'q', 0, 0, 's@x', '[\"r@y\"]', '{}', x'00');");

        await using (var store = await _file.OpenAsync())
        {
            var entry = Assert.Single(await store.Spool.EnumerateAllAsync().ToListAsync());
            Assert.Equal(1, entry.BodyLength);
            await store.Spool.StoreAsync(TestData.Message());
        }

        Assert.Equal(SqlResources.LoadMigrations("Sqlite").Count, Scalar<int>("SELECT max(version) FROM schema_version;"));
        Assert.DoesNotContain(TablesAndIndexes(), n => n.Contains("journal", StringComparison.Ordinal) || n.Contains("snapshot", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Open_FileWhoseJournalTablesWereRemovedByHand_StillMigrates()
    {
        CreateAtVersion(LastWithJournal);
        Execute("DROP TABLE journal_event; DROP TABLE snapshot;");

        await using (var store = await _file.OpenAsync())
        {
            await store.Spool.StoreAsync(TestData.Message());
        }

        Assert.Equal(SqlResources.LoadMigrations("Sqlite").Count, Scalar<int>("SELECT max(version) FROM schema_version;"));
    }
}
