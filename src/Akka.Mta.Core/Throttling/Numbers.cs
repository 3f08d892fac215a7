using System.Globalization;

namespace Akka.Mta.Core.Throttling;

internal static class Numbers
{
    /// <summary>A non-negative integer with optional <c>_</c> or <c>,</c> digit separators (<c>10,000</c>, <c>1_000</c>).</summary>
    public static bool TryParseCount(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        text = text.Trim();
        if (text.IsEmpty || !char.IsAsciiDigit(text[0]) || !char.IsAsciiDigit(text[^1]))
        {
            return false;
        }
        Span<char> digits = stackalloc char[Math.Min(text.Length, 64)];
        var n = 0;
        foreach (var c in text)
        {
            if (c is '_' or ',')
            {
                continue;
            }
            if (!char.IsAsciiDigit(c) || n == digits.Length)
            {
                return false;
            }
            digits[n++] = c;
        }
        return long.TryParse(digits[..n], NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
