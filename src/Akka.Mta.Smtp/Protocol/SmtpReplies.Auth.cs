using Akka.Mta.Core.Smtp;

namespace Akka.Mta.Smtp.Protocol;

/// <summary>AUTH replies (RFC 4954).</summary>
public static partial class SmtpReplies
{
    public static readonly SmtpResponse AuthSucceeded = Reply(235, "2.7.0", "Authentication successful");
    public static readonly SmtpResponse AuthFailed = Reply(535, "5.7.8", "Authentication credentials invalid");
    public static readonly SmtpResponse AuthNeedsTls = Reply(538, "5.7.11", "Encryption required for requested authentication mechanism");
    public static readonly SmtpResponse AuthCancelled = Reply(501, "5.7.0", "Authentication cancelled");
    public static readonly SmtpResponse AuthBadBase64 = Reply(501, "5.5.2", "Cannot decode the response: not base64");
    public static readonly SmtpResponse AuthMalformed = Reply(501, "5.5.2", "Malformed authentication response");
    public static readonly SmtpResponse AuthUnknownMechanism = Reply(504, "5.5.4", "Unrecognized authentication type; use PLAIN or LOGIN");
    public static readonly SmtpResponse AuthNotEnabled = Reply(503, "5.5.1", "Authentication not enabled");
    public static readonly SmtpResponse AlreadyAuthenticated = Reply(503, "5.5.1", "Already authenticated");
    public static readonly SmtpResponse AuthDuringTransaction = Reply(503, "5.5.1", "AUTH not allowed during a mail transaction");

    /// <summary>An empty <c>334</c> challenge (AUTH PLAIN without initial response).</summary>
    public static readonly SmtpResponse AuthContinue = new(334, null, "");
    public static readonly SmtpResponse AuthUsername = new(334, null, "VXNlcm5hbWU6");
    public static readonly SmtpResponse AuthPassword = new(334, null, "UGFzc3dvcmQ6");
}
