using Xunit;

namespace Akka.Mta.Testing.Postgres;

/// <summary>
/// One PostgreSQL server for a whole test run, as an xunit collection fixture. A test assembly declares
/// the collection once:
/// <code>
/// [CollectionDefinition(PostgresFixture.Collection)]
/// public sealed class PostgresCollection : ICollectionFixture&lt;PostgresFixture&gt;;
/// </code>
/// and each test class that needs PostgreSQL is marked <c>[Collection(PostgresFixture.Collection)]</c>,
/// takes the fixture in its constructor and creates its own database with <see cref="CreateDatabaseAsync"/>.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public const string Collection = "PostgreSQL";

    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("the PostgreSQL fixture is not started");

    public Task<PostgresDatabase> CreateDatabaseAsync(string prefix = "test") => Server.CreateDatabaseAsync(prefix);

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
