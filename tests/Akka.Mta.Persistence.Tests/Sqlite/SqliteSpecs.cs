using Akka.Mta.Persistence.Tests.Specs;

namespace Akka.Mta.Persistence.Tests.Sqlite;

public sealed class SqliteSpoolTests : SpoolSpec
{
    private readonly SqliteTestFile _file = new();

    protected override Task<IPersistenceStore> OpenStoreAsync() => _file.OpenAsync();

    protected override Task DeleteStorageAsync() => _file.DeleteAsync();
}

/// <summary>The spool contract with body files on: bodies of 32 KB and over (here the 50 MB one) live in files.</summary>
public sealed class SqliteBodyFileSpoolTests : SpoolSpec
{
    private readonly SqliteTestFile _file = new();

    protected override Task<IPersistenceStore> OpenStoreAsync() => _file.OpenAsync(bodyFileThreshold: 32 * 1024);

    protected override Task DeleteStorageAsync() => _file.DeleteAsync();
}
