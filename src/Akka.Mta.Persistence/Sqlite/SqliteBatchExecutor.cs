using Akka.Mta.Persistence.Writing;
using Microsoft.Data.Sqlite;

namespace Akka.Mta.Persistence.Sqlite;

/// <summary>
/// Writes group-commit batches on the one writer connection: BEGIN IMMEDIATE, every op, COMMIT.
/// With WAL and synchronous=FULL the commit returns after the WAL is fsynced, once per batch.
/// Being the only writer, it needs no locks beyond the transaction.
/// Bodies of at least <c>bodyFileThreshold</c> bytes go to files first (<see cref="SqliteBodyFiles"/>):
/// written and fsynced before BEGIN, so the commit that makes their rows visible finds them durable;
/// the files of deleted rows are unlinked after the commit.
/// </summary>
internal sealed class SqliteBatchExecutor(
    SqliteConnection connection, IReadOnlyDictionary<string, string> sql, string location, SqliteBodyFiles bodyFiles, long bodyFileThreshold)
    : IBatchExecutor
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private readonly Dictionary<StoreMessageOp, string> _fileNames = [];
    private readonly List<string> _unlinkAfterCommit = [];

    public string Location { get; } = location;

    public Task ExecuteAsync(IReadOnlyList<WriteOp> batch)
    {
        _fileNames.Clear();
        _unlinkAfterCommit.Clear();
        WriteBodyFiles(batch);
        try
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            foreach (var op in batch)
            {
                Execute(op, transaction);
            }
            transaction.Commit();
        }
        catch (SqliteException error)
        {
            bodyFiles.DeleteQuietly(_fileNames.Values);
            throw SqliteErrors.Describe(Location, $"write of {batch.Count} operation(s) failed and was rolled back", error);
        }
        catch
        {
            bodyFiles.DeleteQuietly(_fileNames.Values);
            throw;
        }
        bodyFiles.DeleteQuietly(_unlinkAfterCommit);
        return Task.CompletedTask;
    }

    private void WriteBodyFiles(IReadOnlyList<WriteOp> batch)
    {
        var files = new List<(string Name, ReadOnlyMemory<byte> Body)>();
        foreach (var op in batch)
        {
            if (op is StoreMessageOp store && store.Message.Body.Length >= bodyFileThreshold)
            {
                var name = SqliteBodyFiles.NewName(store.Message.Id);
                _fileNames.Add(store, name);
                files.Add((name, store.Message.Body));
            }
        }
        try
        {
            bodyFiles.WriteDurably(files);
        }
        catch
        {
            bodyFiles.DeleteQuietly(_fileNames.Values);
            throw;
        }
    }

    public bool ShouldRetryIndividually(Exception error) =>
        error.InnerException is SqliteException { SqliteErrorCode: SqliteErrorCodes.Constraint };

    private void Execute(WriteOp op, SqliteTransaction transaction)
    {
        switch (op)
        {
            case StoreMessageOp store:
                var m = store.Message;
                var file = _fileNames.GetValueOrDefault(store);
                store.Result = Command("spool.insert", transaction)
                    .With("@id", m.Id.ToByteArray())
                    .With("@queue", m.Schedule.Queue)
                    .With("@due", m.Schedule.Due.ToUnixTimeMilliseconds())
                    .With("@attempts", m.Schedule.Attempts)
                    .With("@sender", m.Envelope.Sender)
                    .With("@recipients", SqliteCodec.RecipientsJson(m.Envelope.Recipients))
                    .With("@metadata", m.MetadataJson)
                    .With("@body_length", m.Body.Length)
                    .With("@body_file", file)
                    .With("@body", file is null ? SqliteCodec.Bytes(m.Body) : [])
                    .ExecuteNonQuery() == 1;
                if (!store.Result)
                {
                    store.Rejection = new SpoolIdConflictException(Location, m.Id);
                    if (file is not null)
                    {
                        _unlinkAfterCommit.Add(file); // the stored message keeps its own file
                    }
                }
                break;
            case UpdateMessageOp update:
                var updating = Command(update.Fence is null ? "spool.update" : "spool.update_fenced", transaction)
                    .With("@id", update.Id.ToByteArray())
                    .With("@queue", update.Schedule.Queue)
                    .With("@due", update.Schedule.Due.ToUnixTimeMilliseconds())
                    .With("@attempts", update.Schedule.Attempts)
                    .With("@metadata", update.MetadataJson);
                if (update.Fence is { } fence)
                {
                    updating.With("@owner_queue", fence.Queue).With("@epoch", fence.Epoch);
                }
                update.Result = updating.ExecuteNonQuery() == 1;
                break;
            case DeleteMessageOp delete:
                Delete(delete, transaction);
                break;
            default:
                throw new InvalidOperationException($"no SQLite statement for {op.GetType().Name}");
        }
    }

    private void Delete(DeleteMessageOp delete, SqliteTransaction transaction)
    {
        var command = delete.Fence is { } fence
            ? Command("spool.delete_fenced", transaction).With("@id", delete.Id.ToByteArray()).With("@owner_queue", fence.Queue).With("@epoch", fence.Epoch)
            : Command("spool.delete", transaction).With("@id", delete.Id.ToByteArray());
        using var row = command.ExecuteReader();
        delete.Result = row.Read();
        if (delete.Result && !row.IsDBNull(0))
        {
            _unlinkAfterCommit.Add(row.GetString(0));
        }
    }

    /// <summary>The cached command for a statement, its parameters cleared: SQLite keeps it prepared.</summary>
    private SqliteCommand Command(string name, SqliteTransaction transaction)
    {
        if (!_commands.TryGetValue(name, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql[name];
            _commands.Add(name, command);
        }
        command.Transaction = transaction;
        command.Parameters.Clear();
        return command;
    }

    public ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }
        connection.Dispose();
        return ValueTask.CompletedTask;
    }
}
