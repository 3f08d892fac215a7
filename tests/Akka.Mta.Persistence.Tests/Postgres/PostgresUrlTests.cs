using Akka.Mta.Testing.Postgres;
using Npgsql;

namespace Akka.Mta.Persistence.Tests.Postgres;

public sealed class PostgresUrlTests
{
    [Fact]
    public void Url_BecomesAConnectionString_WithEveryPart()
    {
        var builder = new NpgsqlConnectionStringBuilder(
            PostgresUrl.ToConnectionString("postgres://mta:p%40ss@db.local:6543/akka_mta?sslmode=disable"));

        Assert.Equal(("db.local", 6543, "akka_mta", "mta", "p@ss", SslMode.Disable),
            (builder.Host, builder.Port, builder.Database, builder.Username, builder.Password, builder.SslMode));
    }

    [Fact]
    public void UrlWithoutPortOrDatabase_UsesTheDefaults()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString("postgresql://127.0.0.1"));

        Assert.Equal((5432, "postgres"), (builder.Port, builder.Database));
    }

    [Fact]
    public void ConnectionString_IsTakenAsItIs()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString("Host=h;Port=1;Database=d"));

        Assert.Equal(("h", 1, "d"), (builder.Host, builder.Port, builder.Database));
    }
}
