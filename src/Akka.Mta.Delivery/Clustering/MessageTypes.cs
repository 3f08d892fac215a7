using System.Collections.Frozen;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Akka.Mta.Delivery.Clustering;

/// <summary>
/// Every message type that may cross nodes or be persisted — what is told to a shard region, an
/// entity or a singleton, their replies, and the persisted events and snapshots — each bound to the
/// System.Text.Json source-generated context that declares it and named by a manifest (its full type
/// name, stable across nodes running the same code). <see cref="MtaJsonSerializer"/> serializes
/// exactly these, and <see cref="AkkaSetup.Serialization"/> binds exactly these to it: a type missing
/// here has no binding, and the serializer test fails for it.
/// </summary>
public static class MessageTypes
{
    private static readonly JsonSerializerContext[] Contexts =
    [
        Queueing.DeliveryMessagesJsonContext.Default,
        Admin.AdminMessagesJsonContext.Default,
        PersistedStateJsonContext.Default,
        ClusterMessagesJsonContext.Default,
        Core.Logging.LogRecord.SerializerContext,
    ];

    private static readonly FrozenDictionary<Type, JsonTypeInfo> ByType = Declared().ToFrozenDictionary(t => t.Type, t => t.Info);

    private static readonly FrozenDictionary<string, JsonTypeInfo> ByManifest =
        ByType.Values.ToFrozenDictionary(info => ManifestOf(info.Type), StringComparer.Ordinal);

    public static IReadOnlyCollection<Type> All => ByType.Keys;

    public static string ManifestOf(Type type) => type.FullName ?? type.Name;

    public static bool TryGet(Type type, out JsonTypeInfo info) => ByType.TryGetValue(type, out info!);

    public static bool TryGet(string manifest, out JsonTypeInfo info) => ByManifest.TryGetValue(manifest, out info!);

    /// <summary>The project's types each context declares with [JsonSerializable] (helper types such as dictionaries are not messages).</summary>
    private static IEnumerable<(Type Type, JsonTypeInfo Info)> Declared()
    {
        foreach (var context in Contexts)
        {
            var types = context.GetType().GetCustomAttributesData()
                .Where(a => a.AttributeType == typeof(JsonSerializableAttribute) && a.ConstructorArguments.Count == 1)
                .Select(a => a.ConstructorArguments[0].Value as Type)
                .OfType<Type>()
                .Where(t => t.Namespace?.StartsWith("Akka.Mta.", StringComparison.Ordinal) == true);
            foreach (var type in types)
            {
                yield return (type, context.GetTypeInfo(type) ?? throw new InvalidOperationException($"{context.GetType().FullName} has no metadata for {type.FullName}"));
            }
        }
    }
}
