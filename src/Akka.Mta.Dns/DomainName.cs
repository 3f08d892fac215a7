using System.Globalization;
using Akka.Mta.Dns.Protocol;

namespace Akka.Mta.Dns;

/// <summary>Turns what a user or a message gave as a domain into the lowercase ASCII form queried and cached.</summary>
public static class DomainName
{
    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = false };

    /// <summary>
    /// Lowercase ASCII without the trailing dot; international names go through IDNA
    /// (<c>bücher.example</c> → <c>xn--bcher-kva.example</c>). False with the reason for a name that cannot be queried.
    /// </summary>
    public static bool TryNormalize(string input, out string ascii, out string? error)
    {
        if (IsPlainHostName(input))
        {
            ascii = input;
            error = null;
            return true;
        }
        ascii = "";
        var name = input.Trim();
        if (name.EndsWith('.') && !name.EndsWith("\\.", StringComparison.Ordinal))
        {
            name = name[..^1];
        }
        if (name.Length == 0)
        {
            error = $"\"{input}\" is not a domain name";
            return false;
        }
        if (!IsPlainAscii(name))
        {
            try
            {
                name = Idn.GetAscii(name);
            }
            catch (ArgumentException e)
            {
                error = $"\"{input}\" is not a valid international domain name: {e.Message}";
                return false;
            }
        }
        else if (HasUpper(name))
        {
            name = name.ToLowerInvariant();
        }
        if (!DnsName.IsValid(name, out error))
        {
            return false;
        }
        ascii = name;
        return true;
    }

    /// <summary>
    /// The common case, checked in one pass: lowercase letters, digits, '-' and '_' in labels of
    /// 1 to 63 characters, no trailing dot, at most 253 characters. Such a name needs no work.
    /// </summary>
    private static bool IsPlainHostName(string name)
    {
        if (name.Length is 0 or > 253)
        {
            return false;
        }
        var label = 0;
        foreach (var c in name)
        {
            if (c == '.')
            {
                if (label == 0)
                {
                    return false;
                }
                label = 0;
            }
            else if (char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_')
            {
                if (++label > DnsName.MaxLabelLength)
                {
                    return false;
                }
            }
            else
            {
                return false;
            }
        }
        return label > 0;
    }

    private static bool IsPlainAscii(string name)
    {
        foreach (var c in name)
        {
            if (c > 0x7e)
            {
                return false;
            }
        }
        return true;
    }

    private static bool HasUpper(string name)
    {
        foreach (var c in name)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                return true;
            }
        }
        return false;
    }
}
