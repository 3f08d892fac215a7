using Akka.Mta.Actors;

namespace Akka.Mta.Cluster;

/// <summary>A message sent to a shard region or singleton has no registered serializer, or fails to round-trip.</summary>
public sealed class MessageNotSerializableException : AkkaException
{
    public MessageNotSerializableException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
