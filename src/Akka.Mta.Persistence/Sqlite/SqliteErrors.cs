using Microsoft.Data.Sqlite;

namespace Akka.Mta.Persistence.Sqlite;

/// <summary>SQLite result codes this provider tells apart, and errors phrased to name the file.</summary>
internal static class SqliteErrorCodes
{
    public const int Corrupt = 11;
    public const int Full = 13;
    public const int Constraint = 19;
    public const int NotADatabase = 26;
}

internal static class SqliteErrors
{
    public static PersistenceException Describe(string location, string what, SqliteException error)
    {
        var reason = error.SqliteErrorCode switch
        {
            SqliteErrorCodes.Corrupt or SqliteErrorCodes.NotADatabase =>
                "the file is corrupt or truncated, or not a SQLite database",
            SqliteErrorCodes.Full => "the disk is full",
            _ => null,
        };
        var message = reason is null
            ? $"{what}: {error.Message}"
            : $"{what}: {reason} ({error.Message})";
        return new PersistenceException(location, message, error);
    }
}
