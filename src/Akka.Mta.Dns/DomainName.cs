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
