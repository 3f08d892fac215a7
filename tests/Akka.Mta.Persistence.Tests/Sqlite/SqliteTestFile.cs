using Akka.Mta.Persistence.Sqlite;

namespace Akka.Mta.Persistence.Tests.Sqlite;

/// <summary>A SQLite file in a temp dir of its own, deleted with the dir.</summary>
internal sealed class SqliteTestFile
{
    public SqliteTestFile()
    {
        Directory.CreateDirectory(Dir);
    }

    public string Dir { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "akka-mta-sqlite-" + Guid.NewGuid().ToString("N"));

    public string Path => System.IO.Path.Combine(Dir, "store.db");

    /// <summary>Opens the store; <paramref name="bodyFileThreshold"/> turns body files on for bodies of that size and over.</summary>
    public async Task<IPersistenceStore> OpenAsync(long bodyFileThreshold = long.MaxValue) =>
        await SqlitePersistence.OpenAsync(new SqliteStoreOptions(Path) { BodyFileThreshold = bodyFileThreshold });

    public Task DeleteAsync()
    {
        Directory.Delete(Dir, recursive: true);
        return Task.CompletedTask;
    }
}
