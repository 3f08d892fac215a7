namespace Akka.Mta.Shaping.Resolution;

/// <summary>Domain-name checks shared by resolution and matching.</summary>
public static class DomainNames
{
    /// <summary>Lowercase, without surrounding space or a trailing dot: the form every lookup uses.</summary>
    public static string Normalize(string domain)
    {
        var name = domain.Trim();
        if (name.EndsWith('.'))
        {
            name = name[..^1];
        }
        foreach (var c in name)
        {
            if (char.IsUpper(c))
            {
                return name.ToLowerInvariant();
            }
        }
        return name;
    }

    /// <summary>
    /// True for something that can be a DNS name (labels of letters, digits, '-' and '_', or
    /// international characters; 1..63 characters each, 253 in all). Provider rules apply only to
    /// such names, not to queue names such as <c>http://127.0.0.1:8008.tsa.kumomta</c> or <c>[192.0.2.1]</c>.
    /// </summary>
    public static bool IsDomainName(string name)
    {
        if (name.Length is 0 or > 253)
        {
            return false;
        }
        var labelLength = 0;
        foreach (var c in name)
        {
            if (c == '.')
            {
                if (labelLength == 0)
                {
                    return false;
                }
                labelLength = 0;
                continue;
            }
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' || c > 0x7F) || ++labelLength > 63)
            {
                return false;
            }
        }
        return labelLength > 0;
    }
}
