using System.Globalization;

namespace Akka.Mta.Core.Throttling;

/// <summary>
/// A connection limit: an integer, or the string <c>[local:]N</c> with <c>,</c>/<c>_</c> separators.
/// <c>local:</c> keeps the limit per node instead of cluster-wide.
/// </summary>
public sealed record LimitSpec(long Limit, bool Local = false)
{
    private const string LocalPrefix = "local:";

    public static LimitSpec Parse(string text) =>
        TryParse(text, out var spec, out var error) ? spec : throw new FormatException(error);

    public static bool TryParse(string text, out LimitSpec spec, out string error)
    {
        spec = null!;
        var s = text.Trim();
        var local = s.StartsWith(LocalPrefix, StringComparison.Ordinal);
        if (local)
        {
            s = s[LocalPrefix.Length..];
        }
        if (!Numbers.TryParseCount(s, out var limit))
        {
            error = $"invalid limit \"{text}\": expected an integer, optionally prefixed by local:";
            return false;
        }
        spec = new LimitSpec(limit, local);
        error = "";
        return true;
    }

    public override string ToString() => (Local ? LocalPrefix : "") + Limit.ToString(CultureInfo.InvariantCulture);
}
