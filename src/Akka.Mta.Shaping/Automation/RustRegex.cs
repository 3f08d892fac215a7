using System.Globalization;
using System.Text;

namespace Akka.Mta.Shaping.Automation;

/// <summary>
/// Rewrites the few spellings of KumoMTA's regex dialect (Rust regex / fancy-regex) that .NET
/// writes differently: <c>(?P&lt;name&gt;</c> groups, <c>(?P=name)</c> back-references, one-letter
/// Unicode classes <c>\pL</c>, and <c>\x{HHHH}</c> escapes. Everything else (look-around,
/// back-references, inline flags) already means the same in .NET.
/// </summary>
internal static class RustRegex
{
    public static string ToDotNet(string pattern)
    {
        if (!pattern.Contains("(?P", StringComparison.Ordinal) && !pattern.Contains("\\p", StringComparison.Ordinal)
            && !pattern.Contains("\\P", StringComparison.Ordinal) && !pattern.Contains("\\x{", StringComparison.Ordinal))
        {
            return pattern;
        }
        var output = new StringBuilder(pattern.Length + 8);
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[i + 1];
                if (next is 'p' or 'P' && i + 2 < pattern.Length && pattern[i + 2] != '{')
                {
                    output.Append('\\').Append(next).Append('{').Append(pattern[i + 2]).Append('}');
                    i += 3;
                    continue;
                }
                if (next == 'x' && i + 2 < pattern.Length && pattern[i + 2] == '{'
                    && pattern.IndexOf('}', i + 3) is var close && close > i + 3
                    && int.TryParse(pattern.AsSpan(i + 3, close - i - 3), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
                    && code <= 0xFFFF)
                {
                    output.Append("\\u").Append(code.ToString("X4", CultureInfo.InvariantCulture));
                    i = close + 1;
                    continue;
                }
                output.Append(c).Append(next);
                i += 2;
                continue;
            }
            if (c == '(' && string.CompareOrdinal(pattern, i, "(?P<", 0, 4) == 0)
            {
                output.Append("(?<");
                i += 4;
                continue;
            }
            if (c == '(' && string.CompareOrdinal(pattern, i, "(?P=", 0, 4) == 0 && pattern.IndexOf(')', i) is var end && end > i + 4)
            {
                output.Append("\\k<").Append(pattern, i + 4, end - i - 4).Append('>');
                i = end + 1;
                continue;
            }
            output.Append(c);
            i++;
        }
        return output.ToString();
    }
}
