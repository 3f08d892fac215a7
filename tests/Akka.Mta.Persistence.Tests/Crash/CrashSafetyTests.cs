using Akka.Mta.Persistence.Sqlite;
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

/// <summary>The same kill -9 with bodies mostly over the body-file threshold: files and rows must agree afterwards.</summary>
public sealed class SqliteLargeBodyCrashSafetyTests : CrashSafetySpec, IAsyncLifetime
{
    private readonly SqliteTestFile _file = new();

    protected override bool LargeBodies => true;

    /// <summary>Every row's body file is there, and every file left belongs to a row (orphans were removed at opening).</summary>
    protected override Task CheckStorageAsync(IPersistenceStore store, int present)
    {
        var sqlite = Assert.IsType<SqlitePersistence>(store);
        Assert.Empty(sqlite.MissingBodies);
        var files = Directory.GetFiles(SqliteBodyFiles.DirectoryFor(_file.Path)).Length;
        Assert.True(files == present, $"{files} body files for {present} messages after the crash ({sqlite.OrphanBodyFilesRemoved} orphans removed)");
        return Task.CompletedTask;
    }

    protected override Task<(string Provider, string Target)> TargetAsync() => Task.FromResult(("sqlite", _file.Path));

    protected override Task<IPersistenceStore> OpenStoreAsync() => _file.OpenAsync(bodyFileThreshold: 32 * 1024);

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
