using Akka.Mta.Persistence.Schema;
using Npgsql;

namespace Akka.Mta.Persistence.Postgres;

/// <summary>
/// Applies the migrations the database lacks in one transaction, under an advisory lock so that nodes
/// starting together migrate one after the other.
/// </summary>
internal sealed class PostgresMigrator(NpgsqlConnection connection, IReadOnlyDictionary<string, string> sql, string location, TimeProvider time)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var migrations = SqlResources.LoadMigrations("Postgres");
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(sql["schema.lock"], transaction, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(sql["schema.create_version_table"], transaction, cancellationToken).ConfigureAwait(false);
        int current;
        await using (var version = new NpgsqlCommand(sql["schema.current_version"], connection, transaction))
        {
            current = (int)(await version.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
        SchemaVersions.CheckKnown(location, current, migrations.Count);
        foreach (var migration in migrations.Where(m => m.Version > current))
        {
            await ExecuteAsync(migration.Sql, transaction, cancellationToken).ConfigureAwait(false);
            await using var record = new NpgsqlCommand(sql["schema.record_version"], connection, transaction)
                .With("version", migration.Version).With("name", migration.Name).With("applied", time.GetUtcNow());
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task ExecuteAsync(string text, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(text, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
