using System.Globalization;

namespace Akka.Mta.Smtp.Protocol;

/// <summary><c>BDAT size [LAST]</c> (RFC 3030 CHUNKING): exactly <see cref="Size"/> octets follow.</summary>
public sealed record BdatCommand(long Size, bool Last) : SmtpCommand(SmtpVerb.Bdat)
{
    public static SmtpCommand Parse(string arguments)
    {
        var parts = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is < 1 or > 2 || parts[0].Length > 18
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            || (parts.Length == 2 && !parts[1].Equals("LAST", StringComparison.OrdinalIgnoreCase)))
        {
            return new InvalidCommand(SmtpVerb.Bdat, SmtpReplies.BdatSyntax);
        }
        return new BdatCommand(size, parts.Length == 2);
    }
}
