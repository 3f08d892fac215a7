using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Akka.Mta.Actors;

namespace Akka.Mta.Cluster;

/// <summary>A message as it crosses nodes: its manifest (the type's full name) and JSON bytes.</summary>
public sealed record SerializedMessage(string Manifest, byte[] Payload);

/// <summary>
/// The registry of message types that may cross nodes, one per actor system: each type is bound to
/// a System.Text.Json source-generated <see cref="JsonSerializerContext"/> and identified by a
/// manifest (its full type name). Domain assemblies register their own contexts at start-up:
/// <c>MessageSerialization.Get(system).Register(DeliveryMessagesJsonContext.Default)</c>.
/// Every message told to a shard region or singleton must be registered here, even on one node.
/// </summary>
public sealed class MessageSerialization
{
    private readonly ConcurrentDictionary<Type, JsonTypeInfo> _byType = new();
    private readonly ConcurrentDictionary<string, JsonTypeInfo> _byManifest = new(StringComparer.Ordinal);

    private MessageSerialization()
    {
        Register(ClusterMessagesJsonContext.Default);
    }

    public static MessageSerialization Get(ActorSystem system) =>
        system.GetOrAddExtension(static _ => new MessageSerialization());

    /// <summary>A registry not bound to a system (tools and tests).</summary>
    public static MessageSerialization CreateStandalone() => new();

    public IReadOnlyCollection<Type> RegisteredTypes => _byType.Keys.ToList();

    /// <summary>Registers every root type the context declares with [JsonSerializable].</summary>
    public void Register(JsonSerializerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var declared = context.GetType().GetCustomAttributesData()
            .Where(a => a.AttributeType == typeof(JsonSerializableAttribute) && a.ConstructorArguments.Count == 1)
            .Select(a => a.ConstructorArguments[0].Value as Type)
            .OfType<Type>()
            .ToList();
        if (declared.Count == 0)
        {
            throw new ArgumentException($"{context.GetType().FullName} declares no [JsonSerializable(typeof(...))] types.", nameof(context));
        }
        foreach (var type in declared)
        {
            Register(type, context);
        }
    }

    /// <summary>Registers one type with the context that generated its metadata.</summary>
    public void Register(Type type, JsonSerializerContext context)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(context);
        var info = context.GetTypeInfo(type) ?? throw new ArgumentException(
            $"{context.GetType().FullName} has no metadata for {type.FullName}: add [JsonSerializable(typeof({type.Name}))] to it.", nameof(type));
        var manifest = ManifestOf(type);
        var existing = _byManifest.GetOrAdd(manifest, info);
        if (existing.Type != type)
        {
            throw new ArgumentException($"Manifest \"{manifest}\" is already registered for {existing.Type.AssemblyQualifiedName}.", nameof(type));
        }
        _byType.TryAdd(type, existing);
    }

    public bool IsRegistered(Type type) => _byType.ContainsKey(type);

    /// <summary>The manifest of a type: its full name, stable across nodes running the same code.</summary>
    public static string ManifestOf(Type type) => type.FullName ?? type.Name;

    /// <summary>Throws <see cref="MessageNotSerializableException"/> unless the message's type is registered.</summary>
    public void EnsureRegistered(object message, string destination)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!_byType.ContainsKey(message.GetType()))
        {
            throw new MessageNotSerializableException(
                $"{message.GetType().FullName} sent to {destination} is not a registered message type. Add it to a " +
                "JsonSerializerContext with [JsonSerializable(typeof(...))] and register that context with MessageSerialization.Get(system).Register(...).");
        }
    }

    public SerializedMessage Serialize(object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var info = Info(message.GetType());
        try
        {
            return new SerializedMessage(ManifestOf(message.GetType()), JsonSerializer.SerializeToUtf8Bytes(message, info));
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new MessageNotSerializableException($"{message.GetType().FullName} could not be serialized: {exception.Message}", exception);
        }
    }

    public object Deserialize(string manifest, ReadOnlySpan<byte> payload)
    {
        if (!_byManifest.TryGetValue(manifest, out var info))
        {
            throw new MessageNotSerializableException($"Unknown manifest \"{manifest}\": no message type with that name is registered on this node.");
        }
        try
        {
            return JsonSerializer.Deserialize(payload, info) ?? throw new MessageNotSerializableException($"The payload for \"{manifest}\" is JSON null.");
        }
        catch (JsonException exception)
        {
            throw new MessageNotSerializableException($"The payload for \"{manifest}\" is not valid: {exception.Message}", exception);
        }
    }

    public object Deserialize(SerializedMessage message) => Deserialize(message.Manifest, message.Payload);

    /// <summary>
    /// Serializes, deserializes and serializes again, failing unless both byte forms agree; returns
    /// the copy. What a cross-node hop does to a message, done locally.
    /// </summary>
    public object RoundTrip(object message)
    {
        var first = Serialize(message);
        var copy = Deserialize(first);
        var second = Serialize(copy);
        if (!first.Payload.AsSpan().SequenceEqual(second.Payload))
        {
            throw new MessageNotSerializableException(
                $"{first.Manifest} does not round-trip: {System.Text.Encoding.UTF8.GetString(first.Payload)} came back as {System.Text.Encoding.UTF8.GetString(second.Payload)}.");
        }
        return copy;
    }

    /// <summary>
    /// Checks a test's samples: every registered type must have a sample, and every sample must
    /// round-trip. Returns the problems found (empty when all is well).
    /// </summary>
    public IReadOnlyList<string> VerifySamples(IEnumerable<object> samples)
    {
        var problems = new List<string>();
        var covered = new HashSet<Type>();
        foreach (var sample in samples)
        {
            covered.Add(sample.GetType());
            try
            {
                RoundTrip(sample);
            }
            catch (MessageNotSerializableException exception)
            {
                problems.Add(exception.Message);
            }
        }
        foreach (var type in _byType.Keys.Where(t => !covered.Contains(t)).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            problems.Add($"No sample for the registered type {type.FullName}.");
        }
        return problems;
    }

    private JsonTypeInfo Info(Type type) =>
        _byType.TryGetValue(type, out var info) ? info : throw new MessageNotSerializableException($"{type.FullName} is not a registered message type.");
}
