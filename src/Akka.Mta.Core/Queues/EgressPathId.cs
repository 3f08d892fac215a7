namespace Akka.Mta.Core.Queues;

/// <summary>
/// An egress path (KumoMTA's "ready queue"): <c>source-&gt;site@protocol</c>, for example
/// <c>ip-1-&gt;(mta5|mta6|mta7).am0.yahoodns.net@smtp_client</c>. The formatted string is the
/// EgressPath entity id and the <c>site</c> field of delivery log records.
/// </summary>
public sealed record EgressPathId(string Source, string Site, string Protocol = EgressPathId.SmtpClient)
{
    public const string SmtpClient = "smtp_client";
    public const string UnspecifiedSource = "unspecified";
    private const string Arrow = "->";

    /// <summary>Parses <c>source-&gt;site@protocol</c>; a name without <c>-&gt;</c> has the unspecified source.</summary>
    public static EgressPathId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var arrow = text.IndexOf(Arrow, StringComparison.Ordinal);
        var source = arrow >= 0 ? text[..arrow] : UnspecifiedSource;
        var rest = arrow >= 0 ? text[(arrow + Arrow.Length)..] : text;
        var at = rest.IndexOf('@');
        if (at <= 0 || at == rest.Length - 1)
        {
            throw new FormatException($"egress path \"{text}\" is not source->site@protocol");
        }
        return new EgressPathId(source.Length == 0 ? UnspecifiedSource : source, rest[..at], rest[(at + 1)..]);
    }

    public override string ToString() => $"{Source}{Arrow}{Site}@{Protocol}";
}
