using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Akka.Mta.Core.Smtp;

/// <summary>An RFC 3463 enhanced status code, <c>class.subject.detail</c> (for example 4.7.0).</summary>
public readonly record struct EnhancedStatusCode(int Class, int Subject, int Detail)
{
    /// <summary>Parses <c>C.SSS.DDD</c>: class 2, 4 or 5; subject and detail 0-999.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out EnhancedStatusCode? code)
    {
        code = null;
        Span<Range> parts = stackalloc Range[4];
        if (text.Split(parts, '.') != 3)
        {
            return false;
        }
        if (!TryPart(text[parts[0]], 1, out var cls) || cls is not (2 or 4 or 5)
            || !TryPart(text[parts[1]], 3, out var subject)
            || !TryPart(text[parts[2]], 3, out var detail))
        {
            return false;
        }
        code = new EnhancedStatusCode(cls, subject, detail);
        return true;
    }

    public static EnhancedStatusCode Parse(string text) =>
        TryParse(text, out var code) ? code.Value : throw new FormatException($"\"{text}\" is not an enhanced status code (class.subject.detail)");

    public override string ToString() => $"{Class}.{Subject}.{Detail}";

    private static bool TryPart(ReadOnlySpan<char> part, int maxDigits, out int value)
    {
        value = 0;
        return part.Length is > 0 && part.Length <= maxDigits
            && !part.ContainsAnyExcept("0123456789")
            && int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
