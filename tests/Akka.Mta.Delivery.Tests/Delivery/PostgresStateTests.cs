using Akka.Mta.Delivery.Queueing;
using Akka.Mta.Testing.Postgres;
using Akka.Mta.Testing.SmtpServer;

namespace Akka.Mta.Delivery.Tests.Delivery;

[CollectionDefinition(PostgresFixture.Collection)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;

/// <summary>The TSA and admin-controls state on PostgreSQL (Akka.Persistence.Sql), as a cluster keeps it.</summary>
[Collection(PostgresFixture.Collection)]
public sealed class PostgresStateTests(PostgresFixture postgres)
{
    [Fact]
    public async Task AdminControls_KeptInPostgres_LastAcrossARestart()
    {
        await using var database = await postgres.CreateDatabaseAsync("state");
        await using var node = await DeliveryHarness.StartAsync(postgresState: database.ConnectionString);
        var path = $"unspecified->mx_list:{node.Sink.SmtpEndpoint}@smtp_client";
        var later = DateTimeOffset.UtcNow.AddHours(1);
        await node.Runtime.SuspendPathAsync(path, "maintenance", later);
        var held = await node.Runtime.SuspendQueuesAsync(new QueueSuspension("s1", "tenant on hold", later, new QueueCriteria { Tenant = "acme" }));
        await node.Runtime.SuspendQueuesAsync(new QueueSuspension("s2", "second", later, new QueueCriteria { Tenant = "other" }));
        Assert.True(await node.Runtime.ResumeQueuesAsync(held.Id));

        await node.StopNodeAsync();
        // Nothing of the state is in the node's directory: a new SQLite file there would start empty.
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(node.SpoolPath)!, "akka.db")));
        await node.StartNodeAsync("", "");

        var controls = (await node.Runtime.GetAdminControlsAsync()).Controls;
        Assert.Equal("second", Assert.Single(controls.Suspensions).Reason);
        Assert.Equal("maintenance", Assert.Single(controls.Paths).Reason);
        await Eventually.HoldsAsync(() => node.Runtime.GetPathStateAsync(path).Result.SuspendedReason == "maintenance", "the path suspended again");
    }
}
