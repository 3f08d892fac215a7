namespace Akka.Mta.Persistence;

/// <summary>
/// Counters of the group-commit writer: each commit is one durable flush (an fsync in SQLite, a
/// commit in PostgreSQL), each operation one store, update or delete of a spooled message.
/// </summary>
public sealed record WriteStatistics(long Commits, long Operations)
{
    /// <summary>Operations per commit: how well concurrent writes were grouped.</summary>
    public double OperationsPerCommit => Commits == 0 ? 0 : (double)Operations / Commits;
}
