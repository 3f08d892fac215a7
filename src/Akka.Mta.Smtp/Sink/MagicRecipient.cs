using System.Globalization;
using Akka.Mta.Core.Smtp;
using Akka.Mta.Smtp.Protocol;

namespace Akka.Mta.Smtp.Sink;

/// <summary>
/// What a recipient's local part asks the sink to do (case-insensitive; a <c>+tag</c> suffix is
/// ignored, so <c>tempfail+7@x</c> is <c>tempfail@x</c>):
/// <list type="bullet">
/// <item><c>tempfail</c>: 451 4.3.0 at RCPT</item>
/// <item><c>tempfail-N</c>: 451 4.3.0 at RCPT the first N times this exact address is given, then accepted (retry tests)</item>
/// <item><c>permfail</c>: 550 5.1.1 at RCPT</item>
/// <item><c>421-close</c>: 421 at RCPT, and the connection is closed</item>
/// <item><c>slow-N</c>: wait N ms before the RCPT reply and again before the DATA reply, then accept</item>
/// <item><c>reply-CODE-X.Y.Z</c>: that reply at RCPT (<c>reply-452-4.2.2</c>)</item>
/// </list>
/// Anything else is accepted.
/// </summary>
public sealed record MagicRecipient(SmtpResponse? Reply, TimeSpan Delay, int FailFirst = 0)
{
    public static readonly MagicRecipient Accept = new(null, TimeSpan.Zero);

    public static readonly SmtpResponse TempFail = SmtpReplies.Reply(451, "4.3.0", "tempfail requested by recipient");
    public static readonly SmtpResponse PermFail = SmtpReplies.Reply(550, "5.1.1", "permfail requested by recipient");
    public static readonly SmtpResponse Close = SmtpReplies.Reply(421, "4.3.2", "421-close requested by recipient, closing connection");

    public static MagicRecipient Parse(string localPart)
    {
        var plus = localPart.IndexOf('+');
        var name = (plus < 0 ? localPart : localPart[..plus]).ToLowerInvariant();
        switch (name)
        {
            case "tempfail":
                return new(TempFail, TimeSpan.Zero);
            case "permfail":
                return new(PermFail, TimeSpan.Zero);
            case "421-close":
                return new(Close, TimeSpan.Zero);
        }
        if (name.StartsWith("tempfail-", StringComparison.Ordinal)
            && int.TryParse(name.AsSpan(9), NumberStyles.None, CultureInfo.InvariantCulture, out var times))
        {
            return new(null, TimeSpan.Zero, times);
        }
        if (name.StartsWith("slow-", StringComparison.Ordinal)
            && int.TryParse(name.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
        {
            return new(null, TimeSpan.FromMilliseconds(ms));
        }
        var parts = name.Split('-');
        if (parts.Length == 3 && parts[0] == "reply"
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code is >= 200 and <= 599
            && EnhancedStatusCode.TryParse(parts[2], out var enhanced))
        {
            return new(new SmtpResponse(code, enhanced, "reply requested by recipient"), TimeSpan.Zero);
        }
        return Accept;
    }
}
