namespace Akka.Mta.Testing.Postgres;

/// <summary>One test's database on a <see cref="PostgresServer"/>; disposing drops it, closing its connections.</summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private readonly PostgresServer _server;

    internal PostgresDatabase(PostgresServer server, string name, string connectionString)
    {
        _server = server;
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public async ValueTask DisposeAsync() => await _server.DropDatabaseAsync(Name);
}
