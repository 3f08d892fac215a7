using Akka.Mta.Smtp.Protocol;

namespace Akka.Mta.Smtp.Server;

/// <summary>The mail transaction a session is building: from MAIL to the end of DATA or BDAT LAST.</summary>
internal sealed class Transaction(MailCommand mail)
{
    public MailCommand Mail { get; } = mail;

    public List<EnvelopeRecipient> Recipients { get; } = [];

    /// <summary>Set by the first BDAT chunk: the decoder that carries over between chunks.</summary>
    public DataDecoder? Chunks { get; set; }

    public string? MessageId { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public ReceivedEnvelope ToEnvelope() =>
        new(Mail.Sender, Mail.Parameters, Recipients.ToArray(), Mail.Body, Mail.SmtpUtf8);
}
