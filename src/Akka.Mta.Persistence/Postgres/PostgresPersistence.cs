using Akka.Mta.Persistence.Schema;
using Akka.Mta.Persistence.Spool;
using Akka.Mta.Persistence.Writing;
using Npgsql;

namespace Akka.Mta.Persistence.Postgres;

/// <summary>
/// The clustered store: the message spool in one PostgreSQL database that every node reaches, so a
/// surviving node can take over a dead node's queues. One writer connection group-commits every write
/// of this node; reads use the data source's pool.
/// </summary>
public sealed class PostgresPersistence : IPersistenceStore
{
    private readonly GroupCommitWriter _writer;
    private readonly NpgsqlDataSource _dataSource;

    private PostgresPersistence(string location, NpgsqlDataSource dataSource, GroupCommitWriter writer, IStoreReader reader, GroupCommitOptions options)
    {
        Location = location;
        _dataSource = dataSource;
        _writer = writer;
        Spool = new MessageSpool(writer, reader, options);
    }

    public string Location { get; }

    public ISpool Spool { get; }

    public WriteStatistics Statistics => _writer.Statistics;

    /// <summary>
    /// Connects, then applies the migrations the database lacks. Throws <see cref="PersistenceException"/>
    /// naming the server when it is unreachable or refuses the connection, and
    /// <see cref="SchemaVersionException"/> when the schema is newer than this build.
    /// </summary>
    public static async Task<PostgresPersistence> OpenAsync(PostgresStoreOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        string location;
        try
        {
            location = PostgresErrors.Location(options.ConnectionString);
        }
        catch (ArgumentException error)
        {
            throw new ArgumentException($"PostgreSQL connection string is not valid: {error.Message}", nameof(options), error);
        }
        var sql = SqlResources.LoadQueries("Postgres");
        var dataSource = NpgsqlDataSource.Create(options.ConnectionString);
        try
        {
            await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
            {
                await new PostgresMigrator(connection, sql, location, options.Time).MigrateAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception error) when (PostgresErrors.IsDatabaseError(error))
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw PostgresErrors.Describe(location, "cannot be opened", error);
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        var writer = new GroupCommitWriter(new PostgresBatchExecutor(dataSource, sql, location), options.GroupCommit);
        return new PostgresPersistence(location, dataSource, writer, new PostgresReader(dataSource, sql, location), options.GroupCommit);
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }
}
