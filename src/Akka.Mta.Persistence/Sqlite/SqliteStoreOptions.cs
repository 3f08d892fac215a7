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

/// <summary>Options of a SQLite store: one file holding the message spool.</summary>
public sealed record SqliteStoreOptions(string Path)
{
    public SqliteVerification Verification { get; init; } = SqliteVerification.Quick;

    public GroupCommitOptions GroupCommit { get; init; } = new();

    /// <summary>
    /// Bodies of at least this many bytes are kept in a file of their own beside the database instead of
    /// in it (see <c>&lt;database&gt;-bodies/</c>, e.g. 32 KB). Off by default (<see cref="long.MaxValue"/>):
    /// on ext4 a new file's fsync costs a journal commit, and the spool benchmark (bench/RESULTS.md, Spool)
    /// ran slower with files at 1 and 16 writers and faster only at 64.
    /// </summary>
    public long BodyFileThreshold { get; init; } = long.MaxValue;

    /// <summary>
    /// WAL size in 4 KB pages at which a commit checkpoints it into the main file. SQLite's default is
    /// 1000; 16384 (64 MB) lets a stored-then-deleted body's pages be reused within the WAL before a
    /// checkpoint copies them, which measured 20-50% more store+delete throughput at 100 KB.
    /// Durability is unchanged: every commit still fsyncs the WAL.
    /// </summary>
    public int WalAutocheckpointPages { get; init; } = 16384;

    /// <summary>Clock for the schema version table's applied time.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
