using Akka.Mta.Core.Smtp;

namespace Akka.Mta.Smtp.Server;

/// <summary>
/// Where accepted messages go (the MTA plugs its spool in here). The server sends 250 after DATA
/// only when <see cref="ReceiveAsync"/> completed with <see cref="ReceptionResult.Accepted"/>,
/// meaning the message is durable. An exception gives the client 451 4.3.0, so it keeps the
/// message and retries: nothing is lost.
/// </summary>
public interface IReceptionSink
{
    ValueTask<ReceptionResult> ReceiveAsync(ReceivedMessage message, CancellationToken cancellationToken);
}

/// <summary>The sink's answer: accepted under a queue id, or refused with a reply for the client.</summary>
public sealed record ReceptionResult(string? QueueId, SmtpResponse? Reply)
{
    public static ReceptionResult Accepted(string queueId) => new(queueId, null);

    /// <summary>Refuses the message with <paramref name="reply"/> (4xx or 5xx; 421 also closes the connection).</summary>
    public static ReceptionResult Refused(SmtpResponse reply) => new(null, reply);
}
