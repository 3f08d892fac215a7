using Npgsql;

namespace Akka.Mta.Node.Hosting;

/// <summary>
/// A PostgreSQL connection as configured: an Npgsql connection string (<c>Host=...;Database=...</c>)
/// or a <c>postgres://user:password@host:port/database?sslmode=require</c> URL, which is converted.
/// A value that is neither throws <see cref="FormatException"/> saying why, without the password.
/// </summary>
internal static class PostgresConnectionString
{
    public static string From(string text)
    {
        if (!text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) && !text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var parsed = new NpgsqlConnectionStringBuilder(text);
                return string.IsNullOrEmpty(parsed.Host)
                    ? throw new FormatException("names no Host (an Npgsql connection string such as Host=127.0.0.1;Port=5432;Username=mta;Database=mta, or a postgres:// URL)")
                    : parsed.ConnectionString;
            }
            catch (ArgumentException e)
            {
                throw new FormatException($"is not an Npgsql connection string or a postgres:// URL: {e.Message}", e);
            }
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Host.Length == 0)
        {
            throw new FormatException("is not a URL of the form postgres://user:password@host:port/database");
        }
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = url.Host.Trim('[', ']'),
            Port = url.IsDefaultPort || url.Port < 0 ? 5432 : url.Port,
            Database = Uri.UnescapeDataString(url.AbsolutePath.TrimStart('/')) is { Length: > 0 } database ? database : "postgres",
        };
        if (url.UserInfo.Length > 0)
        {
            var parts = url.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }
        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            try
            {
                builder[key == "sslmode" ? "SSL Mode" : key] = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "true";
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
            {
                throw new FormatException($"URL parameter \"{key}\" is not an Npgsql setting: {e.Message}", e);
            }
        }
        return builder.ConnectionString;
    }
}
