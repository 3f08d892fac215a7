using Akka.Mta.Core.Smtp;

namespace Akka.Mta.Policy;

/// <summary>What an SMTP-side or message event decided: go on, or refuse with an SMTP reply.</summary>
public sealed record PolicyVerdict
{
    private PolicyVerdict(SmtpResponse? rejection) => Rejection = rejection;

    public static readonly PolicyVerdict Accepted = new((SmtpResponse?)null);

    /// <summary>The reply to send when the policy called <c>mta.reject(code, text)</c>; null when accepted.</summary>
    public SmtpResponse? Rejection { get; }

    public bool IsRejected => Rejection is not null;

    public static PolicyVerdict Rejected(SmtpResponse reply) => new(reply);

    /// <summary>
    /// The reply for <c>mta.reject(code, text)</c>: a text starting with an enhanced status code
    /// whose class matches the code (<c>"5.7.1 go away"</c>) gives it its own field.
    /// </summary>
    public static PolicyVerdict FromReject(int code, string text, string? command)
    {
        var content = text;
        EnhancedStatusCode? enhanced = null;
        var space = text.IndexOf(' ');
        var first = space < 0 ? text : text[..space];
        if (EnhancedStatusCode.TryParse(first, out var parsed) && parsed.Value.Class == code / 100)
        {
            enhanced = parsed;
            content = space < 0 ? string.Empty : text[(space + 1)..];
        }
        return new PolicyVerdict(new SmtpResponse(code, enhanced, content, command));
    }

    public override string ToString() => Rejection is { } r ? $"rejected: {r}" : "accepted";
}
