using Xunit;

namespace Akka.Mta.Testing.RabbitMq;

/// <summary>
/// One RabbitMQ broker for a whole test run, as an xunit collection fixture. A test assembly declares
/// the collection once:
/// <code>
/// [CollectionDefinition(RabbitMqFixture.Collection)]
/// public sealed class RabbitMqCollection : ICollectionFixture&lt;RabbitMqFixture&gt;;
/// </code>
/// and marks each test class that needs the broker <c>[Collection(RabbitMqFixture.Collection)]</c>.
/// Tests of one collection run one after the other, so a test may stop and start the broker; it must
/// leave it running.
/// </summary>
public sealed class RabbitMqFixture : IAsyncLifetime
{
    public const string Collection = "RabbitMQ";

    private RabbitMqServer? _server;

    public RabbitMqServer Server => _server ?? throw new InvalidOperationException("the RabbitMQ fixture is not started");

    public async Task InitializeAsync() => _server = await RabbitMqServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
