using Akka.Mta.Actors;
using Microsoft.Extensions.Logging;

namespace Akka.Mta.Cluster;

/// <summary>The cluster layer's log lines, source-generated with stable event ids.</summary>
internal sealed partial class ClusterLog(ILogger logger)
{
    public static ClusterLog For(ActorSystem system) => new(system.LoggerFactory.CreateLogger("Akka.Mta.Cluster"));

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Shard region {TypeName}: message {MessageType} has no entity id; sent to dead letters")]
    public partial void NoEntityId(string typeName, string messageType);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "Shard region {TypeName}: the entity Props factory threw for entity {EntityId}; its message goes to dead letters")]
    public partial void EntityPropsFailed(Exception exception, string typeName, string entityId);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Debug, Message = "Shard region {TypeName}: passivating idle entity {EntityId}")]
    public partial void PassivatingIdle(string typeName, string entityId);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Singleton {Name} stopped; it starts again on the next message")]
    public partial void SingletonStopped(string name);
}
