using System.Buffers.Binary;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Akka.Mta.Persistence.Sqlite;

/// <summary>
/// Checks an existing file before trusting it: the SQLite header, that the file holds every page its
/// header counts (a truncated copy does not), the application id, and optionally every page.
/// Sets the connection up for durable writes: WAL, synchronous=FULL, and its autocheckpoint size.
/// </summary>
internal static class SqliteFileCheck
{
    /// <summary>"AkMt": marks a file as an Akka.Mta database.</summary>
    public const int ApplicationId = 0x416B4D74;

    private const int HeaderLength = 100;
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("SQLite format 3\0");

    /// <summary>Before SQLite opens the file: an existing file must not be empty and must start with a whole SQLite header.</summary>
    public static void CheckHeader(string path, string location)
    {
        if (!File.Exists(path))
        {
            return;
        }
        var header = new byte[HeaderLength];
        int read;
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            read = file.ReadAtLeast(header, HeaderLength, throwOnEndOfStream: false);
        }
        if (read == 0)
        {
            // SQLite would start a new, empty database in it: a spool that held mail and was
            // truncated would come back empty, its messages silently gone.
            throw new PersistenceException(location,
                "the file is empty (0 bytes); a spool that was truncated would start as a new, empty one and its messages would be lost. "
                + "Restore it from a backup, or delete the file to start a new spool on purpose");
        }
        if (read < HeaderLength)
        {
            throw new PersistenceException(location, $"the file is truncated: {read} bytes, shorter than the {HeaderLength}-byte SQLite header");
        }
        if (!header.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new PersistenceException(location, "the file is corrupt or not a SQLite database: its header does not start with \"SQLite format 3\"");
        }
    }

    /// <summary>After opening: durable settings, then the checks that need SQLite.</summary>
    public static void Prepare(SqliteConnection connection, string path, string location, SqliteVerification verification, int walAutocheckpointPages)
    {
        var mode = Scalar(connection, "PRAGMA journal_mode = WAL;") as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new PersistenceException(location, $"cannot switch to WAL journal mode (SQLite kept \"{mode}\")");
        }
        Scalar(connection, "PRAGMA synchronous = FULL;");
        Scalar(connection, $"PRAGMA wal_autocheckpoint = {walAutocheckpointPages};");

        CheckApplicationId(connection, location);
        CheckSize(connection, path, location);
        if (verification == SqliteVerification.Full)
        {
            CheckPages(connection, location);
        }
    }

    private static void CheckApplicationId(SqliteConnection connection, string location)
    {
        var id = Convert.ToInt32(Scalar(connection, "PRAGMA application_id;"));
        if (id == ApplicationId)
        {
            return;
        }
        var tables = Convert.ToInt64(Scalar(connection, "SELECT count(*) FROM sqlite_schema WHERE type = 'table';"));
        if (id != 0 || tables > 0)
        {
            throw new SchemaVersionException(location,
                $"not an Akka.Mta database (application id 0x{id:x8}, {tables} table(s)); refusing to add tables to it");
        }
        Scalar(connection, $"PRAGMA application_id = {ApplicationId};");
    }

    /// <summary>
    /// After a full checkpoint the main file must hold page_count pages; fewer means it was cut short
    /// and rows near its end are gone.
    /// </summary>
    private static void CheckSize(SqliteConnection connection, string path, string location)
    {
        using (var checkpoint = connection.CreateCommand())
        {
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            using var result = checkpoint.ExecuteReader();
            if (!result.Read() || result.GetInt64(0) != 0)
            {
                return; // another connection holds the WAL: the size cannot be judged now
            }
        }
        var pages = Convert.ToInt64(Scalar(connection, "PRAGMA page_count;"));
        var pageSize = Convert.ToInt64(Scalar(connection, "PRAGMA page_size;"));
        var length = new FileInfo(path).Length;
        if (pages * pageSize > length)
        {
            throw new PersistenceException(location,
                $"the file is truncated: its header counts {pages} pages of {pageSize} bytes ({pages * pageSize} bytes) but the file has {length} bytes");
        }
    }

    private static void CheckPages(SqliteConnection connection, string location)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA quick_check(10);";
        using var result = command.ExecuteReader();
        var problems = new List<string>();
        while (result.Read())
        {
            problems.Add(result.GetString(0));
        }
        if (problems is not ["ok"])
        {
            throw new PersistenceException(location, $"the file is corrupt: {string.Join("; ", problems)}");
        }
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
