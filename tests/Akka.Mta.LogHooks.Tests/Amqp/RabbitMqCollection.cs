using Akka.Mta.Testing.RabbitMq;

namespace Akka.Mta.LogHooks.Tests.Amqp;

[CollectionDefinition(RabbitMqFixture.Collection)]
public sealed class RabbitMqCollection : ICollectionFixture<RabbitMqFixture>;
