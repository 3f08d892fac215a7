using Akka.Mta.Core.Smtp;

namespace Akka.Mta.Smtp.Client;

/// <summary>
/// Who a message is from and to, as addresses without angle brackets (<c>user@example.com</c>);
/// an empty <see cref="Sender"/> is the null reverse path <c>&lt;&gt;</c> of bounces.
/// </summary>
public sealed record SmtpEnvelope(string Sender, IReadOnlyList<string> Recipients)
{
    public SmtpEnvelope(string sender, params string[] recipients)
        : this(sender, (IReadOnlyList<string>)recipients)
    {
    }
}

/// <summary>What happened to one recipient: delivered when <see cref="Failure"/> is null.</summary>
public sealed record RecipientResult(string Recipient, SmtpResponse Response, SmtpFailureKind? Failure)
{
    public bool Delivered => Failure is null;

    /// <summary>True when retrying cannot help (a 5xx, or a message this server cannot take): bounce it.</summary>
    public bool IsPermanentFailure => Failure is { } kind && new SmtpFailure(kind, Response).IsPermanent;

    public override string ToString() => $"{Recipient}: {(Failure is { } kind ? kind.ToString() : "Delivered")} {Response.ToSingleLine()}";
}

/// <summary>
/// The outcome of one transaction: a result per recipient in envelope order, the replies to MAIL
/// FROM and to the final dot (when they were reached), and the failure that ended the connection
/// if one did (then <see cref="SmtpClient.State"/> is <see cref="SmtpClientState.Closed"/>).
/// </summary>
public sealed record SmtpTransactionResult(
    IReadOnlyList<RecipientResult> Recipients,
    SmtpResponse? MailFrom,
    SmtpResponse? Data,
    SmtpFailure? ConnectionFailure)
{
    public int DeliveredCount => Recipients.Count(r => r.Delivered);

    public bool AllDelivered => Recipients.All(r => r.Delivered);
}
