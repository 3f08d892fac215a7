using Akka.Mta.Core;
using Akka.Mta.Persistence.Postgres;
using Akka.Mta.Persistence.Schema;
using Akka.Mta.Persistence.Spool;
using Akka.Mta.Testing.Postgres;
using Npgsql;

namespace Akka.Mta.Persistence.Tests.Postgres;

/// <summary>Databases written by earlier versions: opening applies the migrations they lack and keeps their messages.</summary>
[Collection(PostgresFixture.Collection)]
public sealed class PostgresMigrationTests(PostgresFixture fixture) : IAsyncLifetime
{
    /// <summary>The version that still had the own event journal and snapshot store (tables of migration 0002).</summary>
    private const int LastWithJournal = 2;

    private PostgresDatabase? _database;

    private string ConnectionString => _database!.ConnectionString;

    public async Task InitializeAsync() => _database = await fixture.CreateDatabaseAsync("migration");

    public async Task DisposeAsync() => await _database!.DisposeAsync();

    private async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        await command.ExecuteNonQueryAsync();
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Builds the database an earlier version left: its migrations up to <paramref name="version"/>, recorded as that version recorded them.</summary>
    private async Task CreateAtVersionAsync(int version)
    {
        await ExecuteAsync(SqlResources.LoadQueries("Postgres")["schema.create_version_table"]);
        foreach (var migration in SqlResources.LoadMigrations("Postgres").Take(version))
        {
            await ExecuteAsync(migration.Sql);
            await ExecuteAsync("INSERT INTO schema_version (version, name, applied_at) VALUES (@v, @n, now())", ("v", migration.Version), ("n", migration.Name));
        }
    }

    /// <summary>Tables and indexes of the public schema, by name.</summary>
    private Task<string> RelationsAsync() => ScalarAsync<string>("""
        SELECT coalesce(string_agg(c.relname, ' ' ORDER BY c.relname), '')
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'i')
        """);

    [Fact]
    public async Task Open_DatabaseOfTheVersionWithTheJournal_DropsJournalAndSnapshotTables_KeepingTheSpool()
    {
        await CreateAtVersionAsync(LastWithJournal);
        var id = SpoolId.New(TimeProvider.System);
        var body = new byte[5000];
        new Random(7).NextBytes(body);
        await ExecuteAsync("""
            INSERT INTO spool_message (id, queue, due_ms, attempts, sender, recipients, metadata, body)
            VALUES (@id, 'q:t@x.com', 1000, 2, 'a@b.c', '["r@x.com"]', '{"k":1}', @body);
            INSERT INTO journal_event (persistence_id, sequence_nr, timestamp_ms, manifest, payload) VALUES ('tsa', 1, 0, 'm', '\x01');
            INSERT INTO snapshot (persistence_id, sequence_nr, timestamp_ms, manifest, payload) VALUES ('tsa', 1, 0, 'm', '\x02');
            """, ("id", id.ToByteArray()), ("body", body));
        Assert.Contains("journal_event_pkey", await RelationsAsync());

        await using (var store = await PostgresPersistence.OpenAsync(new PostgresStoreOptions(ConnectionString)))
        {
            var entry = Assert.Single(await store.Spool.EnumerateAllAsync().ToListAsync());
            Assert.Equal(new SpoolSchedule("q:t@x.com", DateTimeOffset.FromUnixTimeMilliseconds(1000), 2), entry.Schedule);
            var loaded = await store.Spool.LoadAsync(id);
            Assert.True(body.AsSpan().SequenceEqual(loaded!.Body.Span), "the spooled body changed in the migration");
            Assert.Equal("""{"k":1}""", loaded.MetadataJson);
        }

        var left = (await RelationsAsync()).Split(' ');
        Assert.DoesNotContain(left, n => n.Contains("journal", StringComparison.Ordinal) || n.Contains("snapshot", StringComparison.Ordinal));
        Assert.Contains("spool_message_by_queue", left);
        Assert.Equal(SqlResources.LoadMigrations("Postgres").Count, await ScalarAsync<int>("SELECT max(version) FROM schema_version"));
        Assert.Equal("drop_journal_snapshots", await ScalarAsync<string>($"SELECT name FROM schema_version WHERE version = {LastWithJournal + 1}"));
    }

    [Fact]
    public async Task Open_DatabaseWhereAkkaPersistenceSqlOwnsTheSnapshotTable_KeepsThatTable()
    {
        // Akka.Persistence.Sql's default table mapping also names its snapshot table "snapshot"; here it
        // took the name after our table was removed by hand, and holds a snapshot that must survive.
        await CreateAtVersionAsync(LastWithJournal);
        await ExecuteAsync("""
            DROP TABLE snapshot;
            CREATE TABLE snapshot (
                persistence_id text NOT NULL, sequence_number bigint NOT NULL, created bigint NOT NULL,
                snapshot bytea NOT NULL, manifest text NOT NULL, serializer_id integer,
                PRIMARY KEY (persistence_id, sequence_number));
            INSERT INTO snapshot VALUES ('tsa', 7, 0, '\x02', 'm', 1);
            """);

        await using (var store = await PostgresPersistence.OpenAsync(new PostgresStoreOptions(ConnectionString)))
        {
            await store.Spool.StoreAsync(TestData.Message());
        }

        Assert.Equal(7L, await ScalarAsync<long>("SELECT sequence_number FROM snapshot WHERE persistence_id = 'tsa'"));
        Assert.DoesNotContain("journal_event", await RelationsAsync());
        Assert.Equal(SqlResources.LoadMigrations("Postgres").Count, await ScalarAsync<int>("SELECT max(version) FROM schema_version"));
    }
}
