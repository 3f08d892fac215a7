using System.Text.Json.Nodes;

namespace Akka.Mta.Delivery;

/// <summary>
/// One message for one recipient, as reception hands it over after the policy hooks ran: the
/// envelope, the RFC 5322 bytes (the receiver's <c>Received:</c> header included) and the metadata
/// the policy set, and the spool id reception gave it (a new one is made when absent). Well-known metadata keys are in <see cref="Policy.MetaKeys"/>; others are kept and logged.
/// </summary>
public sealed record InboundMessage(
    string Sender,
    string Recipient,
    ReadOnlyMemory<byte> Body,
    IReadOnlyDictionary<string, JsonNode?> Meta,
    string ReceptionProtocol,
    string? PeerAddress = null,
    Core.SpoolId? Id = null);

/// <summary>
/// The door into delivery. <see cref="SubmitAsync"/> completes only when every message is durable
/// in the spool (the caller then answers 250 / HTTP 200); after that the messages are queued for
/// delivery and a <c>Reception</c> record is logged for each. A failure throws and nothing is
/// acknowledged; messages already stored are delivered (at-least-once), never lost.
/// </summary>
public interface IMessageSubmitter
{
    Task<IReadOnlyList<Core.SpoolId>> SubmitAsync(IReadOnlyList<InboundMessage> messages, CancellationToken cancellationToken);
}
