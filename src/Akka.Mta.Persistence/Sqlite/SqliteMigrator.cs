using Akka.Mta.Persistence.Schema;
using Microsoft.Data.Sqlite;

namespace Akka.Mta.Persistence.Sqlite;

/// <summary>Applies the numbered migrations the file lacks, each in its own transaction with its version row.</summary>
internal sealed class SqliteMigrator(SqliteConnection connection, IReadOnlyDictionary<string, string> sql, string location, TimeProvider time)
{
    public void Migrate()
    {
        var migrations = SqlResources.LoadMigrations("Sqlite");
        Execute(sql["schema.create_version_table"]);
        var current = Convert.ToInt32(Scalar(sql["schema.current_version"]));
        SchemaVersions.CheckKnown(location, current, migrations.Count);
        foreach (var migration in migrations.Where(m => m.Version > current))
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            Execute(migration.Sql, transaction);
            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = sql["schema.record_version"];
            record.With("@version", migration.Version).With("@name", migration.Name).With("@applied", time.GetUtcNow().ToUnixTimeMilliseconds());
            record.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    private void Execute(string text, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        command.ExecuteNonQuery();
    }

    private object? Scalar(string text)
    {
        using var command = connection.CreateCommand();
        command.CommandText = text;
        return command.ExecuteScalar();
    }
}
