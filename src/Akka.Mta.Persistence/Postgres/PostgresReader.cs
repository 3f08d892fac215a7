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
