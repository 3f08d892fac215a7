namespace Akka.Mta.Persistence.Actors;

/// <summary>A serialized event or snapshot: the manifest names its type, the payload holds its data.</summary>
public readonly record struct SerializedValue(string Manifest, byte[] Payload);

/// <summary>Turns events and snapshots into bytes for the journal and back.</summary>
public interface IPersistenceSerializer
{
    SerializedValue Serialize(object value);

    /// <summary>Rebuilds a value; throws <see cref="System.Runtime.Serialization.SerializationException"/> naming the manifest when it cannot.</summary>
    object Deserialize(string manifest, ReadOnlyMemory<byte> payload);
}
