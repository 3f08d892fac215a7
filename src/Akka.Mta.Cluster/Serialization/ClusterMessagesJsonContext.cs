using System.Text.Json.Serialization;

namespace Akka.Mta.Cluster;

/// <summary>The cluster's own messages that may cross nodes.</summary>
[JsonSerializable(typeof(StartEntity))]
[JsonSerializable(typeof(StartEntityAck))]
[JsonSerializable(typeof(GetShardRegionState))]
[JsonSerializable(typeof(CurrentShardRegionState))]
internal sealed partial class ClusterMessagesJsonContext : JsonSerializerContext;
