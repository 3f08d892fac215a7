using Akka.Mta.Persistence.Journal;
using Akka.Mta.Persistence.Schema;
using Akka.Mta.Persistence.Snapshots;
using Akka.Mta.Persistence.Spool;
using Akka.Mta.Persistence.Writing;
using Microsoft.Data.Sqlite;

namespace Akka.Mta.Persistence.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode with synchronous=FULL, holding spool, journal and
/// snapshots. One writer connection group-commits every write; reads use pooled connections.
/// </summary>
public sealed class SqlitePersistence : IPersistenceStore
{
    private readonly GroupCommitWriter _writer;
    private readonly string _readConnectionString;

    private SqlitePersistence(string location, GroupCommitWriter writer, string readConnectionString, SqliteReader reader, GroupCommitOptions options)
    {
        Location = location;
        _writer = writer;
        _readConnectionString = readConnectionString;
        Spool = new MessageSpool(writer, reader, options);
        Journal = new EventJournal(writer, reader);
        Snapshots = new SnapshotStore(writer, reader);
    }

    public string Location { get; }

    public ISpool Spool { get; }

    public IEventJournal Journal { get; }

    public ISnapshotStore Snapshots { get; }

    public WriteStatistics Statistics => _writer.Statistics;

    /// <summary>
    /// Opens (creating when missing) the file, checks it is an intact Akka.Mta database and applies
    /// the migrations it lacks. Throws <see cref="PersistenceException"/> naming the file when it is
    /// corrupt, truncated or not ours, and <see cref="SchemaVersionException"/> when its schema is newer
    /// than this build.
    /// </summary>
    public static Task<SqlitePersistence> OpenAsync(SqliteStoreOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = System.IO.Path.GetFullPath(options.Path);
        var location = $"SQLite database {path}";
        var sql = SqlResources.LoadQueries("Sqlite");
        SqliteFileCheck.CheckHeader(path, location);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
            DefaultTimeout = 30,
        };
        var writerConnection = new SqliteConnection(builder.ToString());
        try
        {
            writerConnection.Open();
            SqliteFileCheck.Prepare(writerConnection, path, location, options.Verification);
            new SqliteMigrator(writerConnection, sql, location, options.Time).Migrate();
        }
        catch (SqliteException error)
        {
            writerConnection.Dispose();
            throw SqliteErrors.Describe(location, "cannot be opened", error);
        }
        catch
        {
            writerConnection.Dispose();
            throw;
        }

        builder.Pooling = true;
        var readConnectionString = builder.ToString();
        var reader = new SqliteReader(readConnectionString, sql, location);
        var writer = new GroupCommitWriter(new SqliteBatchExecutor(writerConnection, sql, location), options.GroupCommit);
        return Task.FromResult(new SqlitePersistence(location, writer, readConnectionString, reader, options.GroupCommit));
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync().ConfigureAwait(false);
        using var pooled = new SqliteConnection(_readConnectionString);
        SqliteConnection.ClearPool(pooled);
    }
}
