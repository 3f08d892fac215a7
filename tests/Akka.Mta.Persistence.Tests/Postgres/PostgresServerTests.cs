using System.Net;
using System.Net.Sockets;
using Akka.Mta.Persistence.Postgres;
using Akka.Mta.Persistence.Schema;
using Akka.Mta.Testing.Postgres;
using Npgsql;

namespace Akka.Mta.Persistence.Tests.Postgres;

/// <summary>PostgreSQL-only behaviour: errors naming the server, schema checks, several nodes on one database.</summary>
[Collection(PostgresFixture.Collection)]
public sealed class PostgresServerTests(PostgresFixture fixture) : IAsyncLifetime
{
    private PostgresDatabase? _database;

    private string ConnectionString => _database!.ConnectionString;

    public async Task InitializeAsync() => _database = await fixture.CreateDatabaseAsync("server");

    public async Task DisposeAsync() => await _database!.DisposeAsync();

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Open_UnreachableServer_FailsNamingTheServer()
    {
        var port = UnusedPort();

        var error = await Assert.ThrowsAsync<PersistenceException>(() => PostgresPersistence.OpenAsync(
            new PostgresStoreOptions($"Host=127.0.0.1;Port={port};Username=postgres;Database=akka;Timeout=5")));

        Assert.Contains($"127.0.0.1:{port}", error.Message);
        Assert.Contains("unreachable", error.Message);
    }

    [Fact]
    public async Task Open_MissingDatabase_FailsNamingServerAndDatabase()
    {
        var missing = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "no_such_database" }.ConnectionString;

        var error = await Assert.ThrowsAsync<PersistenceException>(() => PostgresPersistence.OpenAsync(new PostgresStoreOptions(missing)));

        Assert.Contains("no_such_database", error.Message);
        Assert.Contains("PostgreSQL server", error.Message);
    }

    [Fact]
    public async Task Open_NewerSchemaVersion_IsRefusedNamingTheVersion()
    {
        await (await PostgresPersistence.OpenAsync(new PostgresStoreOptions(ConnectionString))).DisposeAsync();
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("INSERT INTO schema_version VALUES (99, 'from_the_future', now())", connection);
            await command.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<SchemaVersionException>(() => PostgresPersistence.OpenAsync(new PostgresStoreOptions(ConnectionString)));

        Assert.Contains("99", error.Message);
        Assert.Contains(_database!.Name, error.Message);
    }

    [Fact]
    public async Task NodesOpeningTogether_MigrateOnce_AndAllWork()
    {
        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostgresPersistence.OpenAsync(new PostgresStoreOptions(ConnectionString))));
        try
        {
            await Task.WhenAll(stores.Select(s => s.Spool.StoreAsync(TestData.Message())));
            Assert.Equal(4, (await stores[0].Spool.EnumerateAllAsync().ToListAsync()).Count);
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var versions = new NpgsqlCommand("SELECT count(*) FROM schema_version", connection);
        Assert.Equal((long)SqlResources.LoadMigrations("Postgres").Count, await versions.ExecuteScalarAsync());
    }

    [Fact]
    public async Task SurvivingNode_TakesOverADeadNodesQueue_WithItsMessages()
    {
        var messages = Enumerable.Range(0, 5).Select(i => TestData.Message("dead-node:t@x.com", bodyBytes: 5000, seed: i)).ToList();
        await using (var dying = await PostgresPersistence.OpenAsync(new PostgresStoreOptions(ConnectionString)))
        {
            await Task.WhenAll(messages.Select(m => dying.Spool.StoreAsync(m)));
        }

        await using var survivor = await PostgresPersistence.OpenAsync(new PostgresStoreOptions(ConnectionString));
        var taken = await survivor.Spool.EnumerateQueueAsync("dead-node:t@x.com").ToListAsync();

        Assert.Equal(messages.Select(m => m.Id).Order(), taken.Select(e => e.Id));
        foreach (var message in messages)
        {
            var loaded = await survivor.Spool.LoadAsync(message.Id);
            Assert.True(message.Body.Span.SequenceEqual(loaded!.Body.Span));
            Assert.True(await survivor.Spool.DeleteAsync(message.Id));
        }
    }
}
