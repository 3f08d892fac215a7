using Akka.Mta.Persistence.Journal;
using Akka.Mta.Persistence.Snapshots;
using Akka.Mta.Persistence.Spool;

namespace Akka.Mta.Persistence;

/// <summary>
/// One open database (a SQLite file or a PostgreSQL database) holding the spool, the journal and the
/// snapshots. All three share one group-commit writer, so their writes ride the same transactions.
/// Disposing waits for the writes already queued, then closes the database.
/// </summary>
public interface IPersistenceStore : IAsyncDisposable
{
    /// <summary>"SQLite database /path/file.db" or "PostgreSQL server host:port database name": what error messages name.</summary>
    string Location { get; }

    ISpool Spool { get; }

    IEventJournal Journal { get; }

    ISnapshotStore Snapshots { get; }

    /// <summary>Commits made and operations they carried since the store was opened.</summary>
    WriteStatistics Statistics { get; }
}
