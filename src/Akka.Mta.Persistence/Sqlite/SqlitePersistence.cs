using Akka.Mta.Core;
using Akka.Mta.Persistence.Schema;
using Akka.Mta.Persistence.Spool;
using Akka.Mta.Persistence.Writing;
using Microsoft.Data.Sqlite;

namespace Akka.Mta.Persistence.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode with synchronous=FULL, holding the message spool.
/// One writer connection group-commits every write; reads use pooled connections.
/// Large bodies live in files beside it, in <c>&lt;file&gt;-bodies/</c> (see <see cref="SqliteBodyFiles"/>).
/// </summary>
public sealed class SqlitePersistence : IPersistenceStore
{
    private readonly GroupCommitWriter _writer;
    private readonly string _readConnectionString;

    private SqlitePersistence(
        string location, GroupCommitWriter writer, string readConnectionString, SqliteReader reader, GroupCommitOptions options,
        IReadOnlyList<SpoolBodyMissingException> missingBodies, int orphanBodyFilesRemoved)
    {
        Location = location;
        MissingBodies = missingBodies;
        OrphanBodyFilesRemoved = orphanBodyFilesRemoved;
        _writer = writer;
        _readConnectionString = readConnectionString;
        Spool = new MessageSpool(writer, reader, options);
    }

    public string Location { get; }

    public ISpool Spool { get; }

    public WriteStatistics Statistics => _writer.Statistics;

    /// <summary>
    /// Messages found at opening whose row names a body file that is not there, each naming the id and
    /// the path. They cannot be delivered, so enumeration (start-up recovery, queue takeover) leaves them
    /// out and <see cref="ISpool.LoadAsync"/> throws the same exception; their rows are kept, not deleted,
    /// so putting the file back and reopening brings the message back. Deleting one removes its row.
    /// </summary>
    public IReadOnlyList<SpoolBodyMissingException> MissingBodies { get; }

    /// <summary>Body files found at opening that no row named (a crash before their commit or after their row's delete), removed.</summary>
    public int OrphanBodyFilesRemoved { get; }

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
        var bodyFiles = new SqliteBodyFiles(SqliteBodyFiles.DirectoryFor(path), location);
        int orphans;
        IReadOnlyList<SpoolBodyMissingException> missing;
        try
        {
            writerConnection.Open();
            SqliteFileCheck.Prepare(writerConnection, path, location, options.Verification, options.WalAutocheckpointPages);
            new SqliteMigrator(writerConnection, sql, location, options.Time).Migrate();
            (orphans, missing) = bodyFiles.Reconcile(ReadBodyFileNames(writerConnection, sql));
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
        var reader = new SqliteReader(readConnectionString, sql, location, bodyFiles, missing.Select(m => m.Id).ToHashSet());
        var writer = new GroupCommitWriter(
            new SqliteBatchExecutor(writerConnection, sql, location, bodyFiles, options.BodyFileThreshold), options.GroupCommit);
        return Task.FromResult(new SqlitePersistence(location, writer, readConnectionString, reader, options.GroupCommit, missing, orphans));
    }

    /// <summary>The body file each row names, for start-up's reconciliation with the directory.</summary>
    private static Dictionary<string, SpoolId> ReadBodyFileNames(SqliteConnection connection, IReadOnlyDictionary<string, string> sql)
    {
        var names = new Dictionary<string, SpoolId>(StringComparer.Ordinal);
        using var command = connection.CreateCommand();
        command.CommandText = sql["spool.body_files"];
        using var row = command.ExecuteReader();
        while (row.Read())
        {
            names[row.GetString(1)] = SpoolId.FromBytes(row.GetFieldValue<byte[]>(0));
        }
        return names;
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync().ConfigureAwait(false);
        using var pooled = new SqliteConnection(_readConnectionString);
        SqliteConnection.ClearPool(pooled);
    }
}
