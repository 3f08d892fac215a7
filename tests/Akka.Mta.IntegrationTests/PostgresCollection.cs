using Akka.Mta.Testing.Postgres;

namespace Akka.Mta.IntegrationTests;

[CollectionDefinition(PostgresFixture.Collection)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;
