using System.Text;

namespace Akka.Mta.Dns.Protocol;

/// <summary>
/// Domain names between presentation form (<c>mx.example.com</c>, no trailing dot, the root is
/// <c>""</c>; <c>\.</c>, <c>\\</c> and <c>\DDD</c> escape bytes that are not plain text) and wire
/// form (length-prefixed labels ending with a zero byte).
/// </summary>
public static class DnsName
{
    public const int MaxWireLength = 255;
    public const int MaxLabelLength = 63;

    /// <summary>
    /// Encodes <paramref name="name"/> uncompressed into <paramref name="destination"/>
    /// (at least <see cref="MaxWireLength"/> bytes). False with the reason when the name cannot be a domain name.
    /// </summary>
    public static bool TryEncode(string name, Span<byte> destination, out int written, out string? error)
    {
        written = 0;
        error = null;
        var text = name.EndsWith('.') && !name.EndsWith("\\.", StringComparison.Ordinal) ? name[..^1] : name;
        Span<byte> label = stackalloc byte[MaxLabelLength + 1];
        var position = 0;
        var i = 0;
        while (i < text.Length)
        {
            var length = 0;
            while (i < text.Length && text[i] != '.')
            {
                if (!TryReadChar(text, ref i, out var b, out error))
                {
                    return false;
                }
                if (length == MaxLabelLength)
                {
                    error = $"label longer than {MaxLabelLength} bytes in \"{name}\"";
                    return false;
                }
                label[length++] = b;
            }
            if (length == 0)
            {
                error = $"empty label in \"{name}\"";
                return false;
            }
            if (position + 1 + length + 1 > Math.Min(MaxWireLength, destination.Length))
            {
                error = $"name longer than {MaxWireLength} bytes: \"{name}\"";
                return false;
            }
            destination[position++] = (byte)length;
            label[..length].CopyTo(destination[position..]);
            position += length;
            i++; // the dot (or one past the end)
        }
        destination[position++] = 0;
        written = position;
        return true;
    }

    /// <summary>Whether <paramref name="name"/> can be encoded; the reason when not.</summary>
    public static bool IsValid(string name, out string? error) =>
        TryEncode(name, stackalloc byte[MaxWireLength], out _, out error);

    /// <summary>Appends one wire label in presentation form, escaping what is not plain text.</summary>
    internal static void AppendLabel(StringBuilder builder, ReadOnlySpan<byte> label)
    {
        foreach (var b in label)
        {
            if (b is (byte)'.' or (byte)'\\')
            {
                builder.Append('\\').Append((char)b);
            }
            else if (b is > 0x20 and < 0x7f)
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('\\').Append(b.ToString("D3", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }

    private static bool TryReadChar(string text, ref int i, out byte value, out string? error)
    {
        error = null;
        value = 0;
        var c = text[i];
        if (c != '\\')
        {
            if (c > 0x7e || c <= 0x20)
            {
                error = $"character U+{(int)c:X4} in \"{text}\" (names must be ASCII; use IDNA for international names)";
                return false;
            }
            value = (byte)c;
            i++;
            return true;
        }
        if (i + 3 < text.Length && char.IsAsciiDigit(text[i + 1]) && char.IsAsciiDigit(text[i + 2]) && char.IsAsciiDigit(text[i + 3]))
        {
            var number = (text[i + 1] - '0') * 100 + (text[i + 2] - '0') * 10 + (text[i + 3] - '0');
            if (number > 255)
            {
                error = $"escape \\{text.Substring(i + 1, 3)} above 255 in \"{text}\"";
                return false;
            }
            value = (byte)number;
            i += 4;
            return true;
        }
        if (i + 1 < text.Length && text[i + 1] <= 0x7e && text[i + 1] > 0x20)
        {
            value = (byte)text[i + 1];
            i += 2;
            return true;
        }
        error = $"dangling escape in \"{text}\"";
        return false;
    }
}
