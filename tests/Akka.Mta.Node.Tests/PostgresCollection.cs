using Akka.Mta.Testing.Postgres;

namespace Akka.Mta.Node.Tests;

[CollectionDefinition(PostgresFixture.Collection)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;
