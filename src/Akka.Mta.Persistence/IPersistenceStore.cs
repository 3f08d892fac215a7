using Akka.Mta.Persistence.Spool;

namespace Akka.Mta.Persistence;

/// <summary>
/// One open database (a SQLite file or a PostgreSQL database) holding the message spool. Its writes
/// go through one group-commit writer, so concurrent writes ride the same transactions.
/// Disposing waits for the writes already queued, then closes the database.
/// </summary>
public interface IPersistenceStore : IAsyncDisposable
{
    /// <summary>"SQLite database /path/file.db" or "PostgreSQL server host:port database name": what error messages name.</summary>
    string Location { get; }

    ISpool Spool { get; }

    /// <summary>Commits made and operations they carried since the store was opened.</summary>
    WriteStatistics Statistics { get; }
}
