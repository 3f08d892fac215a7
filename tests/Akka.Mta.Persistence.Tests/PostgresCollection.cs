using Akka.Mta.Testing.Postgres;

namespace Akka.Mta.Persistence.Tests;

[CollectionDefinition(PostgresFixture.Collection)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;
