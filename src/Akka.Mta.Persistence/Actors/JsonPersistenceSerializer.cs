using System.Collections.Concurrent;
using System.Runtime.Serialization;
using System.Text.Json;

namespace Akka.Mta.Persistence.Actors;

/// <summary>
/// System.Text.Json for events and snapshots (immutable records serialize as they are). The manifest
/// is "Namespace.Type, Assembly" without a version, so a value written by one build reads in the next;
/// renaming or moving an event type needs a serializer that maps the old name.
/// </summary>
public sealed class JsonPersistenceSerializer(JsonSerializerOptions? options = null) : IPersistenceSerializer
{
    private readonly JsonSerializerOptions _options = options ?? JsonSerializerOptions.Default;
    private readonly ConcurrentDictionary<string, Type?> _types = new(StringComparer.Ordinal);

    public static JsonPersistenceSerializer Default { get; } = new();

    public SerializedValue Serialize(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var type = value.GetType();
        return new SerializedValue(Manifest(type), JsonSerializer.SerializeToUtf8Bytes(value, type, _options));
    }

    public object Deserialize(string manifest, ReadOnlyMemory<byte> payload)
    {
        var type = _types.GetOrAdd(manifest, static m => Type.GetType(m, throwOnError: false))
            ?? throw new SerializationException($"manifest \"{manifest}\" names no type this process can load");
        try
        {
            return JsonSerializer.Deserialize(payload.Span, type, _options)
                ?? throw new SerializationException($"a value of {manifest} deserialized to null");
        }
        catch (JsonException error)
        {
            throw new SerializationException($"a value of {manifest} is not valid JSON for that type: {error.Message}", error);
        }
    }

    public static string Manifest(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";
}
