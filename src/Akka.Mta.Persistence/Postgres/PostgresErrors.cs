using System.Net.Sockets;
using Npgsql;

namespace Akka.Mta.Persistence.Postgres;

internal static class PostgresErrors
{
    /// <summary>Errors of the client or server, and the socket and timeout errors under them.</summary>
    public static bool IsDatabaseError(Exception error) =>
        error is NpgsqlException or SocketException or TimeoutException or IOException;

    public static PersistenceException Describe(string location, string what, Exception error)
    {
        var detail = error switch
        {
            PostgresException pg => $"{pg.SqlState}: {pg.MessageText}",
            NpgsqlException { InnerException: SocketException or TimeoutException or IOException } npgsql =>
                $"the server is unreachable ({npgsql.InnerException!.Message})",
            _ => error.Message,
        };
        return new PersistenceException(location, $"{what}: {detail}", error);
    }

    /// <summary>"PostgreSQL server host:port database name", without the password.</summary>
    public static string Location(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"PostgreSQL server {builder.Host}:{builder.Port} database {builder.Database ?? builder.Username}";
    }
}
