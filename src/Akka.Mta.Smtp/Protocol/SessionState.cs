namespace Akka.Mta.Smtp.Protocol;

/// <summary>
/// Where an SMTP session stands between commands.
/// <code>
///   Connected --EHLO/HELO--> Greeted --MAIL--> MailGiven --RCPT--> RcptGiven --DATA / BDAT LAST--> Greeted
///                              ^  |STARTTLS -> Connected (EHLO again)     |BDAT--> Chunking --BDAT LAST--> Greeted
///                              +--+---------------- RSET / EHLO ----------+-----------+
/// </code>
/// </summary>
public enum SessionState
{
    /// <summary>Greeting sent (or TLS just started); EHLO or HELO expected.</summary>
    Connected,

    /// <summary>EHLO or HELO done; no transaction.</summary>
    Greeted,

    /// <summary>MAIL accepted; RCPT expected.</summary>
    MailGiven,

    /// <summary>At least one RCPT accepted; more RCPT, DATA or BDAT expected.</summary>
    RcptGiven,

    /// <summary>BDAT chunks received without LAST; more BDAT expected.</summary>
    Chunking,
}
