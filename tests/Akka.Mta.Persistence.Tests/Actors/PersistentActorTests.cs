using Akka.Mta.Persistence.Tests.Postgres;
using Akka.Mta.Persistence.Tests.Sqlite;
using Akka.Mta.Testing.Postgres;

namespace Akka.Mta.Persistence.Tests.Actors;

public sealed class SqlitePersistentActorTests : PersistentActorSpec
{
    private readonly SqliteTestFile _file = new();

    protected override Task<IPersistenceStore> OpenStoreAsync() => _file.OpenAsync();

    protected override Task DeleteStorageAsync() => _file.DeleteAsync();
}

[Collection(PostgresFixture.Collection)]
public sealed class PostgresPersistentActorTests(PostgresFixture fixture) : PersistentActorSpec
{
    private readonly PostgresTestDatabase _database = new(fixture, "actor");

    protected override Task<IPersistenceStore> OpenStoreAsync() => _database.OpenAsync();

    protected override Task DeleteStorageAsync() => _database.DeleteAsync();
}
