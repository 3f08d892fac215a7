using Akka.Mta.Core.Smtp;

namespace Akka.Mta.Smtp.Client;

/// <summary>Why a connection, a transaction or one recipient did not succeed.</summary>
public enum SmtpFailureKind
{
    /// <summary>The TCP connection was refused (or the address is unreachable).</summary>
    ConnectionRefused,

    /// <summary>The TCP connection was not established within the connect timeout.</summary>
    ConnectTimeout,

    /// <summary>The server did not send its greeting within the banner timeout.</summary>
    BannerTimeout,

    /// <summary>STARTTLS was required but not offered, or the handshake failed.</summary>
    TlsFailure,

    /// <summary>The server answered 4xx (the raw reply is attached).</summary>
    Transient,

    /// <summary>The server answered 5xx (the raw reply is attached).</summary>
    Permanent,

    /// <summary>The server's bytes were not SMTP, or it answered out of sequence.</summary>
    ProtocolError,

    /// <summary>The connection closed or failed while a reply was awaited.</summary>
    ConnectionLost,

    /// <summary>A step other than connect or banner took longer than its timeout.</summary>
    Timeout,

    /// <summary>
    /// The message needs an extension the server does not offer (SMTPUTF8, 8BITMIME, AUTH, SIZE
    /// large enough), or the envelope cannot be sent as given; nothing was sent for it.
    /// </summary>
    NotDeliverableHere,
}

/// <summary>A classified failure and the reply behind it (a synthesized internal one for connection-level causes).</summary>
public sealed record SmtpFailure(SmtpFailureKind Kind, SmtpResponse Response)
{
    /// <summary>True when retrying later (or elsewhere) cannot help: a 5xx reply or a message this server cannot take.</summary>
    public bool IsPermanent => Kind is SmtpFailureKind.Permanent || (Kind is SmtpFailureKind.NotDeliverableHere && Response.IsPermanent);

    /// <summary>True when the connection cannot be used any more.</summary>
    public bool EndsConnection => Kind is not (SmtpFailureKind.Transient or SmtpFailureKind.Permanent or SmtpFailureKind.NotDeliverableHere)
        || Response.Code == 421;

    /// <summary>Classifies a server reply: 4xx transient, 5xx permanent, anything else a protocol error.</summary>
    public static SmtpFailure FromReply(SmtpResponse response) => new(
        response.Code switch
        {
            >= 400 and < 500 => SmtpFailureKind.Transient,
            >= 500 and < 600 => SmtpFailureKind.Permanent,
            _ => SmtpFailureKind.ProtocolError,
        },
        response);

    public override string ToString() => $"{Kind}: {Response.ToSingleLine()}";
}

/// <summary>Thrown by <see cref="SmtpClient"/> when a connection cannot be established or used.</summary>
public sealed class SmtpClientException(SmtpFailure failure, Exception? inner = null)
    : Exception(failure.ToString(), inner)
{
    public SmtpFailure Failure { get; } = failure;
}
