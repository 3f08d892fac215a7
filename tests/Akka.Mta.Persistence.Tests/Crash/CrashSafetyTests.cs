using Akka.Mta.Persistence.Tests.Postgres;
using Akka.Mta.Persistence.Tests.Sqlite;
using Akka.Mta.Testing.Postgres;

namespace Akka.Mta.Persistence.Tests.Crash;

public sealed class SqliteCrashSafetyTests : CrashSafetySpec, IAsyncLifetime
{
    private readonly SqliteTestFile _file = new();

    protected override Task<(string Provider, string Target)> TargetAsync() => Task.FromResult(("sqlite", _file.Path));

    protected override Task<IPersistenceStore> OpenStoreAsync() => _file.OpenAsync();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _file.DeleteAsync();
}

[Collection(PostgresFixture.Collection)]
public sealed class PostgresCrashSafetyTests(PostgresFixture fixture) : CrashSafetySpec, IAsyncLifetime
{
    private readonly PostgresTestDatabase _database = new(fixture, "crash");

    protected override async Task<(string Provider, string Target)> TargetAsync() => ("postgres", await _database.ConnectionStringAsync());

    protected override Task<IPersistenceStore> OpenStoreAsync() => _database.OpenAsync();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _database.DeleteAsync();
}
