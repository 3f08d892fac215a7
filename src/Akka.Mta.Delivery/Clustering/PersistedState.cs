using System.Text.Json.Serialization;
using Akka.Mta.Delivery.Admin;

namespace Akka.Mta.Delivery.Clustering;

/// <summary>
/// The admin controls after a change, as one event (the whole set is small): recovery keeps the
/// last, and every older event is deleted once it is written.
/// </summary>
public sealed record AdminControlsSaved(AdminControls Controls);

/// <summary>The TSA's state (counters and active effects, <c>TsaState.ToUtf8Json</c>) as one event; older ones are deleted once it is written.</summary>
public sealed record TsaStateSaved(byte[] State);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(AdminControlsSaved))]
[JsonSerializable(typeof(TsaStateSaved))]
internal sealed partial class PersistedStateJsonContext : JsonSerializerContext;
