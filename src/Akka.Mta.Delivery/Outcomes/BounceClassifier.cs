using System.Text.RegularExpressions;
using Akka.Mta.Core.Smtp;

namespace Akka.Mta.Delivery.Outcomes;

/// <summary>
/// Names the reason behind a failure reply with KumoMTA's bounce classes (spec 4,
/// <c>bounce_classification</c>). A temporary (4xx) reply is classified as KumoMTA's classifier
/// with its shipped IANA rules does (<see cref="ByKumoTransientRule"/>: reply code and enhanced
/// status code together, first matching rule wins), then, where those rules leave it
/// <c>Uncategorized</c>, by well-known phrases of its text. A permanent reply goes by phrases
/// first, then by the enhanced status code (RFC 3463). Unknown replies are <c>Uncategorized</c>.
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
        if (response.Code is >= 400 and < 500)
        {
            return (response.Enhanced is { } enhanced ? ByKumoTransientRule(response.Code, enhanced) : null) ?? ByText(text) ?? Uncategorized;
        }
        return ByText(text) ?? (response.Enhanced is { } code ? ByCode(code, text) : null) ?? Uncategorized;
    }

    /// <summary>
    /// The rules of KumoMTA's <c>assets/bounce_classifier/iana.toml</c> that a 4xx reply can meet,
    /// in that file's order (the first match wins there too, so <c>452 4.5.3</c> is
    /// <c>ProtocolErrors</c>, not <c>TooManyRecipients</c>). Codes they do not list, such as
    /// <c>451 4.3.0</c> or <c>421 4.3.2</c>, match nothing: KumoMTA logs those <c>Uncategorized</c>.
    /// </summary>
    private static string? ByKumoTransientRule(int reply, EnhancedStatusCode code)
    {
        if (code.Class is not (4 or 5))
        {
            return null;
        }
        return (reply, code.Subject, code.Detail) switch
        {
            (451, 1, >= 1 and <= 4) or (450 or 452, 2, 4) => "InvalidRecipient",
            (451, 1, 10) => "BadDomain",
            (451, 1, 6) or (_, 2, 1) => "InactiveMailbox",
            (451, 1, 7 or 8) or (_, 7, 27) => "InvalidSender",
            (452, 3, 1) => "QuotaIssues",
            (451, 4, 1) => "NoAnswerFromHost",
            (421, 4, 2) => "BadConnection",
            (451, 4, 3) => "DNSFailure",
            (_, 4, 4 or 6) => "RoutingErrors",
            (451, 4, 5) => "TransientFailure",
            (_, 4, 7) => "MessageExpired",
            (_, 5 or 6, _) => "ProtocolErrors",
            (_, 7, 38) => "PolicyRelated",
            _ => null,
        };
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
