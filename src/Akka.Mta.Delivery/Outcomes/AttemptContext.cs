using Akka.Mta.Core.Logging;

namespace Akka.Mta.Delivery.Outcomes;

/// <summary>Where an attempt was made from and to: what the delivery-side log record fields say.</summary>
public sealed record AttemptContext(string Site, string? EgressPool, string? EgressSource)
{
    /// <summary>For records made by a scheduled queue (site: the queue name or empty).</summary>
    public static readonly AttemptContext Queue = new("", null, null);

    public PeerAddress? Peer { get; init; }

    public SourceAddress? SourceAddress { get; init; }

    public string? ProviderName { get; init; }

    public string? SessionId { get; init; }

    public string? TlsCipher { get; init; }

    public string? TlsProtocolVersion { get; init; }
}
