using Akka.Mta.Persistence.Writing;

namespace Akka.Mta.Persistence.Postgres;

/// <summary>Options of a PostgreSQL store: an Npgsql connection string to one database.</summary>
public sealed record PostgresStoreOptions(string ConnectionString)
{
    public GroupCommitOptions GroupCommit { get; init; } = new();

    /// <summary>Clock for the schema version table's applied time.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
