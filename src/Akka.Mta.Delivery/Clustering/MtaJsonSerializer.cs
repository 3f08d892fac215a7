using System.Runtime.Serialization;
using System.Text;
using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;

namespace Akka.Mta.Delivery.Clustering;

/// <summary>
/// The project's serializer for every message between nodes and every persisted event or snapshot:
/// System.Text.Json over source-generated contexts, the manifest naming the type
/// (<see cref="MessageTypes"/>). An unknown type or manifest is an error that names it, never a
/// silent fallback.
/// </summary>
public sealed class MtaJsonSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>Akka reserves identifiers up to 100 for its own serializers.</summary>
    public const int Id = 4_711_001;

    public override int Identifier => Id;

    public override string Manifest(object o) => MessageTypes.ManifestOf(o.GetType());

    public override byte[] ToBinary(object obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (!MessageTypes.TryGet(obj.GetType(), out var info))
        {
            throw new SerializationException(
                $"{obj.GetType().FullName} is not a message type of Akka.Mta: declare it with [JsonSerializable(typeof(...))] in a context listed in MessageTypes.");
        }
        return JsonSerializer.SerializeToUtf8Bytes(obj, info);
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!MessageTypes.TryGet(manifest, out var info))
        {
            throw new SerializationException($"Unknown manifest \"{manifest}\": no Akka.Mta message type of that name on this node.");
        }
        try
        {
            return JsonSerializer.Deserialize(bytes, info)
                ?? throw new SerializationException($"The payload for \"{manifest}\" is JSON null.");
        }
        catch (JsonException e)
        {
            throw new SerializationException($"The payload for \"{manifest}\" is not valid ({e.Message}): {Encoding.UTF8.GetString(bytes.AsSpan(0, Math.Min(bytes.Length, 200)))}", e);
        }
    }
}
