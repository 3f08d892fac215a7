using System.Collections.Frozen;
using System.Globalization;
using Akka.Mta.Core.Smtp;

namespace Akka.Mta.Smtp.Client;

/// <summary>The service extensions a server listed in its EHLO reply (RFC 5321 4.1.1.1).</summary>
public sealed record EhloCapabilities
{
    /// <summary>What a HELO-only server offers: nothing.</summary>
    public static readonly EhloCapabilities None = new() { Keywords = FrozenDictionary<string, string>.Empty };

    /// <summary>Keyword (upper case) to its parameters (possibly empty).</summary>
    public required FrozenDictionary<string, string> Keywords { get; init; }

    public bool Pipelining => Keywords.ContainsKey("PIPELINING");
    public bool StartTls => Keywords.ContainsKey("STARTTLS");
    public bool EightBitMime => Keywords.ContainsKey("8BITMIME");
    public bool SmtpUtf8 => Keywords.ContainsKey("SMTPUTF8");
    public bool EnhancedStatusCodes => Keywords.ContainsKey("ENHANCEDSTATUSCODES");
    public bool Chunking => Keywords.ContainsKey("CHUNKING");
    public bool Size => Keywords.ContainsKey("SIZE");

    /// <summary>The server's fixed message size limit from <c>SIZE n</c>; null when none (absent, or 0).</summary>
    public long? MaxMessageSize =>
        Keywords.TryGetValue("SIZE", out var value) && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size > 0
            ? size
            : null;

    /// <summary>True when <c>AUTH</c> (or the old <c>AUTH=</c> form) lists the mechanism.</summary>
    public bool SupportsAuth(string mechanism) =>
        (Keywords.TryGetValue("AUTH", out var mechanisms) && Lists(mechanisms, mechanism))
        || (Keywords.TryGetValue("AUTH=", out var old) && Lists(old, mechanism));

    /// <summary>Reads the lines after the greeting line of a 250 EHLO reply; unknown or odd lines are kept as keywords.</summary>
    public static EhloCapabilities Parse(SmtpResponse ehloReply)
    {
        var keywords = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = ehloReply.Content.Split('\n');
        foreach (var raw in lines.AsSpan(1))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }
            var split = line.IndexOfAny([' ', '=']);
            var (keyword, parameters) = split < 0 ? (line, string.Empty)
                : line[split] == '=' ? (line[..(split + 1)], line[(split + 1)..].Trim())
                : (line[..split], line[(split + 1)..].Trim());
            keywords.TryAdd(keyword.ToUpperInvariant(), parameters);
        }
        return new EhloCapabilities { Keywords = keywords.ToFrozenDictionary(StringComparer.Ordinal) };
    }

    private static bool Lists(string mechanisms, string mechanism) =>
        mechanisms.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(mechanism, StringComparer.OrdinalIgnoreCase);
}
