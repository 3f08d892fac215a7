using Akka.Mta.Persistence.Writing;
using Npgsql;

namespace Akka.Mta.Persistence.Postgres;

/// <summary>
/// Writes group-commit batches on one connection: every op's statements go to the server as one
/// NpgsqlBatch (one round trip) inside a transaction, then one COMMIT. Statements are written so that
/// an op refused on its own merits affects no rows instead of raising an error, which would abort the
/// whole transaction; the rows affected tell each op its result.
/// </summary>
internal sealed class PostgresBatchExecutor(NpgsqlDataSource dataSource, IReadOnlyDictionary<string, string> sql, string location)
    : IBatchExecutor
{
    private NpgsqlConnection? _connection;

    public string Location { get; } = location;

    public async Task ExecuteAsync(IReadOnlyList<WriteOp> batch)
    {
        try
        {
            _connection ??= await dataSource.OpenConnectionAsync().ConfigureAwait(false);
            await using var transaction = await _connection.BeginTransactionAsync().ConfigureAwait(false);
            await using var commands = new NpgsqlBatch(_connection, transaction);
            var firstCommand = new int[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                firstCommand[i] = commands.BatchCommands.Count;
                Add(commands, batch[i]);
            }
            await commands.ExecuteNonQueryAsync().ConfigureAwait(false);
            for (var i = 0; i < batch.Count; i++)
            {
                ReadResult(batch[i], commands.BatchCommands[firstCommand[i]].RecordsAffected);
            }
            await transaction.CommitAsync().ConfigureAwait(false);
        }
        catch (Exception error) when (PostgresErrors.IsDatabaseError(error))
        {
            await DropConnectionAsync().ConfigureAwait(false);
            throw PostgresErrors.Describe(Location, $"write of {batch.Count} operation(s) failed and was rolled back", error);
        }
    }

    /// <summary>Integrity errors (another node won a race for a key) fail only the op that caused them.</summary>
    public bool ShouldRetryIndividually(Exception error) =>
        error.InnerException is PostgresException pg && pg.SqlState.StartsWith("23", StringComparison.Ordinal);

    private void Add(NpgsqlBatch commands, WriteOp op)
    {
        switch (op)
        {
            case StoreMessageOp store:
                var m = store.Message;
                commands.BatchCommands.Add(Command("spool.insert")
                    .With("id", m.Id.ToByteArray())
                    .With("queue", m.Schedule.Queue)
                    .With("due", m.Schedule.Due.ToUnixTimeMilliseconds())
                    .With("attempts", m.Schedule.Attempts)
                    .With("sender", m.Envelope.Sender)
                    .With("recipients", PostgresCodec.RecipientsJson(m.Envelope.Recipients))
                    .With("metadata", m.MetadataJson)
                    .WithBytes("body", m.Body));
                break;
            case UpdateMessageOp update:
                var updating = Command(update.Fence is null ? "spool.update" : "spool.update_fenced")
                    .With("id", update.Id.ToByteArray())
                    .With("queue", update.Schedule.Queue)
                    .With("due", update.Schedule.Due.ToUnixTimeMilliseconds())
                    .With("attempts", update.Schedule.Attempts)
                    .With("metadata", update.MetadataJson);
                if (update.Fence is { } updateFence)
                {
                    updating.With("owner_queue", updateFence.Queue).With("epoch", updateFence.Epoch);
                }
                commands.BatchCommands.Add(updating);
                break;
            case DeleteMessageOp delete:
                commands.BatchCommands.Add(delete.Fence is { } deleteFence
                    ? Command("spool.delete_fenced").With("id", delete.Id.ToByteArray()).With("owner_queue", deleteFence.Queue).With("epoch", deleteFence.Epoch)
                    : Command("spool.delete").With("id", delete.Id.ToByteArray()));
                break;
            default:
                throw new InvalidOperationException($"no PostgreSQL statement for {op.GetType().Name}");
        }
    }

    private void ReadResult(WriteOp op, int rowsAffected)
    {
        switch (op)
        {
            case StoreMessageOp store:
                store.Result = rowsAffected == 1;
                if (!store.Result)
                {
                    store.Rejection = new SpoolIdConflictException(Location, store.Message.Id);
                }
                break;
            default: // UpdateMessageOp, DeleteMessageOp: false when no message had the id
                op.Result = rowsAffected == 1;
                break;
        }
    }

    private NpgsqlBatchCommand Command(string name) => new(sql[name]);

    private async Task DropConnectionAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
            _connection = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DropConnectionAsync().ConfigureAwait(false);
    }
}
