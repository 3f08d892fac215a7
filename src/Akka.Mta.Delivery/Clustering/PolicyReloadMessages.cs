using System.Text.Json.Serialization;

namespace Akka.Mta.Delivery.Clustering;

/// <summary>Asks a node's <see cref="PolicyReloadActor"/> to reload its policy now (<c>bump-config-epoch</c> on another member).</summary>
public sealed record ReloadPolicy(bool AllowDroppedHandlers);

/// <summary>
/// What the reload did on <paramref name="Node"/>: <paramref name="Outcome"/> is <c>reloaded</c>,
/// <c>unchanged</c>, <c>failed</c> or <c>refused</c>; <paramref name="Error"/> is <c>file:line: ...</c>
/// when it failed or was refused.
/// </summary>
public sealed record PolicyReloaded(string Node, long Epoch, string Outcome, string Hash, string? Error, IReadOnlyList<string> DroppedHandlers);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ReloadPolicy))]
[JsonSerializable(typeof(PolicyReloaded))]
internal sealed partial class ClusterMessagesJsonContext : JsonSerializerContext;
