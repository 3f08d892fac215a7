using System.Runtime.CompilerServices;
using Akka.Mta.Core;
using Akka.Mta.Persistence.Spool;
using Microsoft.Data.Sqlite;

namespace Akka.Mta.Persistence.Sqlite;

/// <summary>
/// Reads on pooled connections of their own: in WAL mode readers see the last commit and never
/// wait for the writer. A body kept in a file is read from it after the row.
/// </summary>
internal sealed class SqliteReader(
    string connectionString, IReadOnlyDictionary<string, string> sql, string location, SqliteBodyFiles bodyFiles,
    IReadOnlySet<SpoolId> missingBodies) : IStoreReader
{
    public async Task<SpoolMessage?> LoadMessageAsync(SpoolId id, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            SpoolMessage head;
            string file;
            await using (var command = Command(connection, "spool.load").With("@id", id.ToByteArray()))
            await using (var row = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!await row.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }
                var (messageId, envelope, schedule, metadata) = SqliteCodec.ReadMessageHead(row);
                if (row.IsDBNull(7))
                {
                    return new SpoolMessage(messageId, envelope, schedule, metadata, row.GetFieldValue<byte[]>(8));
                }
                head = new SpoolMessage(messageId, envelope, schedule, metadata, ReadOnlyMemory<byte>.Empty);
                file = row.GetString(7);
            }
            try
            {
                return head with { Body = await bodyFiles.ReadAsync(file, cancellationToken).ConfigureAwait(false) };
            }
            catch (IOException) when (!File.Exists(bodyFiles.PathOf(file)))
            {
                // A delete may have committed and unlinked the file since the row was read: then the message is gone.
                await using var exists = Command(connection, "spool.exists").With("@id", id.ToByteArray());
                if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false)) == 0)
                {
                    return null;
                }
                throw new SpoolBodyMissingException(location, id, bodyFiles.PathOf(file));
            }
            catch (IOException error)
            {
                throw new PersistenceException(location, $"loading message {id} failed: cannot read its body file {bodyFiles.PathOf(file)}: {error.Message}", error);
            }
        }
        catch (SqliteException error)
        {
            throw SqliteErrors.Describe(location, $"loading message {id} failed", error);
        }
    }

    public async Task<OwnedLoad> LoadOwnedAsync(SpoolId id, SpoolFence fence, CancellationToken cancellationToken)
    {
        // The message first, then the fence: a claim committed in between refuses the load.
        var message = await LoadMessageAsync(id, cancellationToken).ConfigureAwait(false);
        if (message is null)
        {
            return new OwnedLoad(null, false);
        }
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = Command(connection, "spool.load_owned")
                .With("@id", id.ToByteArray()).With("@owner_queue", fence.Queue).With("@epoch", fence.Epoch);
            await using var row = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await row.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new OwnedLoad(message, row.GetBoolean(9))
                : new OwnedLoad(null, false);
        }
        catch (SqliteException error)
        {
            throw SqliteErrors.Describe(location, $"loading message {id} for {fence.Queue}#{fence.Epoch} failed", error);
        }
    }

    public async Task<long> ClaimQueueAsync(string queue, CancellationToken cancellationToken)
    {
        try
        {
            // A write beside the group-commit writer: SQLite serializes it with the writer's
            // transactions (busy timeout), synchronous=FULL makes it durable when it returns.
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = "PRAGMA synchronous = FULL;";
                await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await using var command = Command(connection, "spool.claim_queue")
                .With("@queue", queue).With("@now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (SqliteException error)
        {
            throw SqliteErrors.Describe(location, $"claiming queue {queue} failed", error);
        }
    }

    public IAsyncEnumerable<string> EnumerateQueueNamesAsync(CancellationToken cancellationToken) =>
        Guard(QueueNamesCoreAsync(cancellationToken), "listing the spooled queues");

    private async IAsyncEnumerable<string> QueueNamesCoreAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, "spool.queues");
        await using var row = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await row.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return row.GetString(0);
        }
    }

    public IAsyncEnumerable<SpoolEntry> EnumerateMessagesAsync(string? queue, CancellationToken cancellationToken) =>
        Guard(EnumerateCoreAsync(queue, cancellationToken), queue is null ? "enumerating the spool" : $"enumerating queue {queue}");

    private async IAsyncEnumerable<SpoolEntry> EnumerateCoreAsync(string? queue, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = queue is null
            ? Command(connection, "spool.enumerate_all")
            : Command(connection, "spool.enumerate_queue").With("@queue", queue);
        await using var row = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await row.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var (id, envelope, schedule, metadata) = SqliteCodec.ReadMessageHead(row);
            if (missingBodies.Contains(id))
            {
                continue; // cannot be delivered: reported when the store was opened, kept for the operator
            }
            yield return new SpoolEntry(id, envelope, schedule, metadata, row.GetInt64(7));
        }
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private SqliteCommand Command(SqliteConnection connection, string name)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql[name];
        return command;
    }

    /// <summary>Streams a sequence, turning SQLite errors met on the way into errors that name the file.</summary>
    private async IAsyncEnumerable<T> Guard<T>(IAsyncEnumerable<T> source, string what, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var items = source.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            bool more;
            try
            {
                more = await items.MoveNextAsync().ConfigureAwait(false);
            }
            catch (SqliteException error)
            {
                throw SqliteErrors.Describe(location, $"{what} failed", error);
            }
            if (!more)
            {
                yield break;
            }
            yield return items.Current;
        }
    }
}
