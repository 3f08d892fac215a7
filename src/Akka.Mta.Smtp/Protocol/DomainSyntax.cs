using System.Net;
using System.Net.Sockets;

namespace Akka.Mta.Smtp.Protocol;

/// <summary>RFC 5321 4.1.2 domains and address literals (<c>[192.0.2.1]</c>, <c>[IPv6:2001:db8::1]</c>).</summary>
public static class DomainSyntax
{
    public const int MaxDomainOctets = 255;
    private const int MaxLabelLength = 63;

    /// <summary>
    /// A dot-separated domain of letter/digit/hyphen labels. Underscores are tolerated (common in
    /// real host names); non-ASCII labels (U-labels) only when <paramref name="allowUtf8"/>.
    /// </summary>
    public static bool IsDomain(ReadOnlySpan<char> text, bool allowUtf8)
    {
        if (text.IsEmpty || System.Text.Encoding.UTF8.GetByteCount(text) > MaxDomainOctets)
        {
            return false;
        }
        foreach (var range in text.Split('.'))
        {
            var label = text[range];
            if (label.IsEmpty || label.Length > MaxLabelLength || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }
            foreach (var c in label)
            {
                var ok = char.IsAsciiLetterOrDigit(c) || c is '-' or '_' || (allowUtf8 && c > 0x7F && !char.IsControl(c) && !char.IsWhiteSpace(c));
                if (!ok)
                {
                    return false;
                }
            }
        }
        return true;
    }

    /// <summary><c>[IPv4]</c>, <c>[IPv6:addr]</c> or a general literal <c>[tag:content]</c>.</summary>
    public static bool IsAddressLiteral(ReadOnlySpan<char> text)
    {
        if (text.Length < 3 || text[0] != '[' || text[^1] != ']')
        {
            return false;
        }
        var inner = text[1..^1];
        if (inner.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.TryParse(inner[5..], out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6;
        }
        if (inner.Count('.') == 3 && IPAddress.TryParse(inner, out var v4) && v4.AddressFamily == AddressFamily.InterNetwork)
        {
            return true;
        }
        var colon = inner.IndexOf(':');
        return colon > 0 && IsDomain(inner[..colon], allowUtf8: false)
            && !inner[(colon + 1)..].IsEmpty && !inner[(colon + 1)..].ContainsAnyExceptInRange((char)33, (char)126)
            && !inner[(colon + 1)..].ContainsAny('[', ']', '\\');
    }

    /// <summary>What EHLO and HELO accept: a domain or an address literal.</summary>
    public static bool IsHeloName(ReadOnlySpan<char> text) => IsDomain(text, allowUtf8: true) || IsAddressLiteral(text);
}
