using System.Buffers;
using Akka.Mta.Smtp.Protocol;

namespace Akka.Mta.Smtp.Server;

/// <summary>One accepted recipient with its RCPT parameters.</summary>
public sealed record EnvelopeRecipient(Mailbox Address, IReadOnlyList<EsmtpParameter> Parameters);

/// <summary>The envelope of a transaction: sender (null for <c>&lt;&gt;</c>), MAIL parameters, recipients.</summary>
public sealed record ReceivedEnvelope(
    Mailbox? Sender,
    IReadOnlyList<EsmtpParameter> MailParameters,
    IReadOnlyList<EnvelopeRecipient> Recipients,
    BodyType Body,
    bool SmtpUtf8);

/// <summary>
/// A message handed to the <see cref="IReceptionSink"/>: the session it came on, its envelope and
/// its content (dot-unstuffed, CRLF lines, the server's <c>Received:</c> header first).
/// <see cref="Content"/> lives in pooled buffers: it is valid only until the sink's task completes,
/// so a sink that keeps it must copy it.
/// </summary>
public sealed record ReceivedMessage(
    string Id,
    SmtpSessionInfo Session,
    ReceivedEnvelope Envelope,
    ReadOnlySequence<byte> Content,
    DateTimeOffset ReceivedAt);
