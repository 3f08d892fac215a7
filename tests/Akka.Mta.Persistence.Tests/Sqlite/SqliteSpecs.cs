using Akka.Mta.Persistence.Tests.Specs;

namespace Akka.Mta.Persistence.Tests.Sqlite;

public sealed class SqliteSpoolTests : SpoolSpec
{
    private readonly SqliteTestFile _file = new();

    protected override Task<IPersistenceStore> OpenStoreAsync() => _file.OpenAsync();

    protected override Task DeleteStorageAsync() => _file.DeleteAsync();
}

public sealed class SqliteJournalTests : JournalSpec
{
    private readonly SqliteTestFile _file = new();

    protected override Task<IPersistenceStore> OpenStoreAsync() => _file.OpenAsync();

    protected override Task DeleteStorageAsync() => _file.DeleteAsync();
}

public sealed class SqliteSnapshotTests : SnapshotSpec
{
    private readonly SqliteTestFile _file = new();

    protected override Task<IPersistenceStore> OpenStoreAsync() => _file.OpenAsync();

    protected override Task DeleteStorageAsync() => _file.DeleteAsync();
}
