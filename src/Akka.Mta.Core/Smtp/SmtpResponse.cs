namespace Akka.Mta.Core.Smtp;

/// <summary>
/// One SMTP reply as the delivery log and the TSA see it: the code, the enhanced status code
/// when the reply carried one, the text with line breaks joined, and the command it answered
/// (<c>"MAIL FROM"</c>, <c>"RCPT TO"</c>, <c>"."</c>; null for the banner or a connection-level result).
/// </summary>
public sealed record SmtpResponse(int Code, EnhancedStatusCode? Enhanced, string Content, string? Command = null)
{
    /// <summary>Prefix of replies the MTA makes up itself (suspensions, throttles, expiry).</summary>
    public const string InternalPrefix = "Akka.Mta internal: ";

    /// <summary>KumoMTA's prefix for the same purpose; also treated as internal so imported rules keep working.</summary>
    public const string KumoInternalPrefix = "KumoMTA internal: ";

    public bool IsPositive => Code is >= 200 and < 400;
    public bool IsTransient => Code is >= 400 and < 500;
    public bool IsPermanent => Code >= 500;
    public bool IsInternal => Content.StartsWith(InternalPrefix, StringComparison.Ordinal)
        || Content.StartsWith(KumoInternalPrefix, StringComparison.Ordinal);

    /// <summary>A reply the MTA made up itself, marked so automation rules ignore it by default.</summary>
    public static SmtpResponse Internal(int code, EnhancedStatusCode? enhanced, string text, string? command = null) =>
        new(code, enhanced, InternalPrefix + text, command);

    /// <summary>
    /// The text automation rules match: <c>"451 4.7.0 text"</c>, or <c>"451 text"</c> without an
    /// enhanced code; line breaks in the content become spaces.
    /// </summary>
    public string ToSingleLine() =>
        Enhanced is { } e ? $"{Code} {e} {SingleLineContent}" : $"{Code} {SingleLineContent}";

    /// <summary>The content with line breaks replaced by spaces, as log records carry it.</summary>
    public string SingleLineContent => Content.AsSpan().ContainsAny('\r', '\n')
        ? string.Join(' ', Content.Split(["\r\n", "\n", "\r"], StringSplitOptions.None))
        : Content;

    public override string ToString() => ToSingleLine();
}
