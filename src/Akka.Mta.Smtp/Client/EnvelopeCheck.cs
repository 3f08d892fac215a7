using Akka.Mta.Core.Smtp;

namespace Akka.Mta.Smtp.Client;

/// <summary>
/// Refuses addresses that cannot be written into a command safely (line breaks, control
/// characters, angle brackets, spaces, over-long): such a recipient fails as
/// <see cref="SmtpFailureKind.NotDeliverableHere"/> with a 553 reply naming the problem, and is not sent.
/// </summary>
internal static class EnvelopeCheck
{
    /// <summary>RFC 5321 4.5.3.1.3: a path is at most 256 octets including the brackets.</summary>
    public const int MaxPathLength = 254;

    public static string? Problem(string address, bool isSender)
    {
        if (address.Length == 0)
        {
            return isSender ? null : "recipient address is empty";
        }
        if (address.Length > MaxPathLength)
        {
            return $"address is longer than {MaxPathLength} characters";
        }
        if (address.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            return "address contains a line break";
        }
        foreach (var c in address)
        {
            if (char.IsControl(c) || c is ' ' or '<' or '>')
            {
                return $"address contains {(char.IsControl(c) ? "a control character" : $"'{c}'")}";
            }
        }
        return address.Contains('@') ? null : "address has no '@'";
    }

    public static SmtpResponse Refusal(string address, string problem, bool isSender) =>
        SmtpResponse.Internal(553, new EnhancedStatusCode(5, 1, isSender ? 7 : 3),
            $"{(isSender ? "sender" : "recipient")} \"{Shown(address)}\" not sent: {problem}",
            isSender ? ClientCommands.Names.MailFrom : ClientCommands.Names.RcptTo);

    private static string Shown(string address) =>
        string.Create(Math.Min(address.Length, 80), address, static (span, a) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = char.IsControl(a[i]) ? '?' : a[i];
            }
        });
}
