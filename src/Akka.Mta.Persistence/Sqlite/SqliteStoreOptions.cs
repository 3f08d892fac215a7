using Akka.Mta.Persistence.Writing;

namespace Akka.Mta.Persistence.Sqlite;

/// <summary>How thoroughly an existing SQLite file is checked when it is opened.</summary>
public enum SqliteVerification
{
    /// <summary>Header, size against the page count, application id and schema version: cheap at any size.</summary>
    Quick,

    /// <summary>Also <c>PRAGMA quick_check</c>, which reads every page: minutes for a large spool.</summary>
    Full,
}

/// <summary>Options of a SQLite store: one file holding spool, journal and snapshots.</summary>
public sealed record SqliteStoreOptions(string Path)
{
    public SqliteVerification Verification { get; init; } = SqliteVerification.Quick;

    public GroupCommitOptions GroupCommit { get; init; } = new();

    /// <summary>
    /// Bodies of at least this many bytes are kept in a file of their own beside the database instead of
    /// in it (see <c>&lt;database&gt;-bodies/</c>); <see cref="long.MaxValue"/> keeps every body in the database.
    /// </summary>
    public long BodyFileThreshold { get; init; } = 32 * 1024;

    /// <summary>Clock for the schema version table's applied time.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
