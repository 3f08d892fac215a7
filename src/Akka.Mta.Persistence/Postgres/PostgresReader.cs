using System.Runtime.CompilerServices;
using Akka.Mta.Core;
using Akka.Mta.Persistence.Spool;
using Npgsql;

namespace Akka.Mta.Persistence.Postgres;

/// <summary>Reads on pooled connections of the data source; enumerations stream rows as the server sends them.</summary>
internal sealed class PostgresReader(NpgsqlDataSource dataSource, IReadOnlyDictionary<string, string> sql, string location) : IStoreReader
{
    public async Task<SpoolMessage?> LoadMessageAsync(SpoolId id, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = dataSource.CreateCommand(sql["spool.load"]).With("id", id.ToByteArray());
            await using var row = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await row.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
            var (messageId, envelope, schedule, metadata) = PostgresCodec.ReadMessageHead(row);
            return new SpoolMessage(messageId, envelope, schedule, metadata, row.GetFieldValue<byte[]>(7));
        }
        catch (Exception error) when (PostgresErrors.IsDatabaseError(error))
        {
            throw PostgresErrors.Describe(location, $"loading message {id} failed", error);
        }
    }

    public async Task<OwnedLoad> LoadOwnedAsync(SpoolId id, SpoolFence fence, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = dataSource.CreateCommand(sql["spool.load_owned"])
                .With("id", id.ToByteArray()).With("owner_queue", fence.Queue).With("epoch", fence.Epoch);
            await using var row = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await row.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return new OwnedLoad(null, false);
            }
            var (messageId, envelope, schedule, metadata) = PostgresCodec.ReadMessageHead(row);
            return new OwnedLoad(new SpoolMessage(messageId, envelope, schedule, metadata, row.GetFieldValue<byte[]>(7)), row.GetBoolean(8));
        }
        catch (Exception error) when (PostgresErrors.IsDatabaseError(error))
        {
            throw PostgresErrors.Describe(location, $"loading message {id} for {fence.Queue}#{fence.Epoch} failed", error);
        }
    }

    public async Task<long> ClaimQueueAsync(string queue, CancellationToken cancellationToken)
    {
        try
        {
            // One statement outside the group-commit batches: committed (and durable) when it returns.
            await using var command = dataSource.CreateCommand(sql["spool.claim_queue"]).With("queue", queue);
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception error) when (PostgresErrors.IsDatabaseError(error))
        {
            throw PostgresErrors.Describe(location, $"claiming queue {queue} failed", error);
        }
    }

    public IAsyncEnumerable<string> EnumerateQueueNamesAsync(CancellationToken cancellationToken) =>
        Guard(QueueNamesCoreAsync(cancellationToken), "listing the spooled queues");

    private async IAsyncEnumerable<string> QueueNamesCoreAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql["spool.queues"]);
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
        await using var command = queue is null
            ? dataSource.CreateCommand(sql["spool.enumerate_all"])
            : dataSource.CreateCommand(sql["spool.enumerate_queue"]).With("queue", queue);
        await using var row = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await row.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var (id, envelope, schedule, metadata) = PostgresCodec.ReadMessageHead(row);
            yield return new SpoolEntry(id, envelope, schedule, metadata, row.GetInt32(7));
        }
    }

    /// <summary>Streams a sequence, turning database errors met on the way into errors that name the server.</summary>
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
            catch (Exception error) when (PostgresErrors.IsDatabaseError(error))
            {
                throw PostgresErrors.Describe(location, $"{what} failed", error);
            }
            if (!more)
            {
                yield break;
            }
            yield return items.Current;
        }
    }
}
