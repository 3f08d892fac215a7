using System.Text.RegularExpressions;
using Akka.Mta.Core.Smtp;

namespace Akka.Mta.Delivery.Outcomes;

/// <summary>
/// Names the reason behind a failure reply with KumoMTA's bounce classes (spec 4,
/// <c>bounce_classification</c>): the enhanced status code first (RFC 3463), then well-known
/// phrases of the reply text. Unknown replies are <c>Uncategorized</c>.
/// </summary>
public static partial class BounceClassifier
{
    public const string Uncategorized = "Uncategorized";

    public static string Classify(SmtpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.IsPositive)
        {
            return Uncategorized;
        }
        var text = response.Content;
        return ByText(text) ?? (response.Enhanced is { } code ? ByCode(code, text) : null) ?? Uncategorized;
    }

    private static string? ByCode(EnhancedStatusCode code, string text) => (code.Subject, code.Detail) switch
    {
        (1, 1) or (1, 0) or (1, 3) or (1, 4) => "InvalidRecipient",
        (1, 2) => "BadDomain",
        (1, 6) => "InactiveMailbox",
        (1, 7) or (1, 8) => "InvalidSender",
        (1, 10) => "InvalidRecipient",
        (2, 1) => "InactiveMailbox",
        (2, 2) => "QuotaIssues",
        (2, 3) or (3, 4) => "ContentRelated",
        (3, _) => "BadConfiguration",
        (4, 1) or (4, 2) => "NoAnswerFromHost",
        (4, 3) => "DNSFailure",
        (4, 4) => "RoutingErrors",
        (4, 6) => "RoutingErrors",
        (4, 7) => "MessageExpired",
        (4, _) => "BadConnection",
        (5, 3) => "TooManyRecipients",
        (5, _) => "ProtocolErrors",
        (6, _) => "ContentRelated",
        (7, 1) when RelayPhrase().IsMatch(text) => "RelayDenied",
        (7, 1) => "PolicyRelated",
        (7, 8) or (7, 0) when AuthPhrase().IsMatch(text) => "AuthenticationFailed",
        (7, 26) or (7, 25) or (7, 27) => "PolicyRelated",
        (7, _) => "PolicyRelated",
        _ => null,
    };

    private static string? ByText(string text)
    {
        if (SpamBlockPhrase().IsMatch(text))
        {
            return "SpamBlock";
        }
        if (VirusPhrase().IsMatch(text))
        {
            return "VirusRelated";
        }
        if (SpamContentPhrase().IsMatch(text))
        {
            return "SpamContent";
        }
        if (UnknownUserPhrase().IsMatch(text))
        {
            return "InvalidRecipient";
        }
        if (QuotaPhrase().IsMatch(text))
        {
            return "QuotaIssues";
        }
        return null;
    }

    [GeneratedRegex(@"\b(block(ed|list(ed)?)|black ?list(ed)?|listed (on|at|in)|spamhaus|rbl|dnsbl|reputation)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SpamBlockPhrase();

    [GeneratedRegex(@"\b(virus|malware|infected)\b", RegexOptions.IgnoreCase)]
    private static partial Regex VirusPhrase();

    [GeneratedRegex(@"\b(spam|unsolicited|bulk mail)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SpamContentPhrase();

    [GeneratedRegex(@"\b(user unknown|unknown user|no such (user|mailbox|recipient)|does not exist|mailbox unavailable|invalid (recipient|mailbox))\b", RegexOptions.IgnoreCase)]
    private static partial Regex UnknownUserPhrase();

    [GeneratedRegex(@"\b(mailbox (is )?full|over ?quota|quota exceeded|insufficient storage)\b", RegexOptions.IgnoreCase)]
    private static partial Regex QuotaPhrase();

    [GeneratedRegex(@"\brelay(ing)? (denied|not permitted|access denied)\b", RegexOptions.IgnoreCase)]
    private static partial Regex RelayPhrase();

    [GeneratedRegex(@"\b(auth|authentication)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AuthPhrase();
}
