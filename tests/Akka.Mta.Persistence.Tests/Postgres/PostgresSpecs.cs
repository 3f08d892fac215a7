using Akka.Mta.Persistence.Postgres;
using Akka.Mta.Persistence.Tests.Specs;
using Akka.Mta.Testing.Postgres;

namespace Akka.Mta.Persistence.Tests.Postgres;

/// <summary>A database of this test's own on the run's PostgreSQL server, created lazily and dropped afterwards.</summary>
internal sealed class PostgresTestDatabase(PostgresFixture fixture, string prefix)
{
    private PostgresDatabase? _database;

    public async Task<string> ConnectionStringAsync()
    {
        _database ??= await fixture.CreateDatabaseAsync(prefix);
        return _database.ConnectionString;
    }

    public async Task<IPersistenceStore> OpenAsync() =>
        await PostgresPersistence.OpenAsync(new PostgresStoreOptions(await ConnectionStringAsync()));

    public async Task DeleteAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

[Collection(PostgresFixture.Collection)]
public sealed class PostgresSpoolTests(PostgresFixture fixture) : SpoolSpec
{
    private readonly PostgresTestDatabase _database = new(fixture, "spool");

    protected override Task<IPersistenceStore> OpenStoreAsync() => _database.OpenAsync();

    protected override Task DeleteStorageAsync() => _database.DeleteAsync();
}
