namespace Akka.Mta.Smtp.Protocol;

/// <summary>The command verbs the server knows; <see cref="Unknown"/> for anything else.</summary>
public enum SmtpVerb
{
    Unknown,
    Ehlo,
    Helo,
    Mail,
    Rcpt,
    Data,
    Bdat,
    Rset,
    Noop,
    Quit,
    Vrfy,
    Expn,
    Help,
    StartTls,
    Auth,
}
