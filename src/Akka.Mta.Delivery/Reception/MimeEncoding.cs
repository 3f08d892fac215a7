using System.Text;

namespace Akka.Mta.Delivery.Reception;

/// <summary>The transfer and header encodings the message builder needs (RFC 2045, 2047).</summary>
internal static class MimeEncoding
{
    private const int MaxLine = 76;

    /// <summary>Quoted-printable of UTF-8 text; line breaks in the text stay hard CRLF breaks.</summary>
    public static string QuotedPrintable(string text)
    {
        var sb = new StringBuilder(text.Length + text.Length / 8);
        var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        for (var l = 0; l < lines.Length; l++)
        {
            var bytes = Encoding.UTF8.GetBytes(lines[l]);
            var lineLength = 0;
            for (var i = 0; i < bytes.Length; i++)
            {
                var b = bytes[i];
                var last = i == bytes.Length - 1;
                var literal = (b is >= 33 and <= 126 && b != '=') || (b is (byte)' ' or (byte)'\t' && !last);
                var piece = literal ? ((char)b).ToString() : $"={b:X2}";
                if (lineLength + piece.Length > MaxLine - 1)
                {
                    sb.Append("=\r\n");
                    lineLength = 0;
                }
                sb.Append(piece);
                lineLength += piece.Length;
            }
            if (l < lines.Length - 1)
            {
                sb.Append("\r\n");
            }
        }
        return sb.ToString();
    }

    /// <summary>Base64 in lines of 76 characters.</summary>
    public static string Base64Lines(ReadOnlySpan<byte> data)
    {
        var all = Convert.ToBase64String(data);
        var sb = new StringBuilder(all.Length + all.Length / MaxLine * 2 + 2);
        for (var i = 0; i < all.Length; i += MaxLine)
        {
            sb.Append(all, i, Math.Min(MaxLine, all.Length - i)).Append("\r\n");
        }
        return sb.ToString();
    }

    /// <summary>An unstructured header value: as is when printable ASCII, else RFC 2047 B-encoded words.</summary>
    public static string HeaderText(string value)
    {
        if (IsPlainAscii(value))
        {
            return value;
        }
        var words = new List<string>();
        var bytes = Encoding.UTF8.GetBytes(value);
        var start = 0;
        while (start < bytes.Length)
        {
            // 45 bytes -> 60 base64 characters, so each word stays under 75 characters; never split a UTF-8 sequence.
            var end = Math.Min(start + 45, bytes.Length);
            while (end < bytes.Length && (bytes[end] & 0xC0) == 0x80)
            {
                end--;
            }
            words.Add($"=?UTF-8?B?{Convert.ToBase64String(bytes, start, end - start)}?=");
            start = end;
        }
        return string.Join("\r\n ", words);
    }

    /// <summary><c>Name &lt;email&gt;</c> with the display name quoted or encoded as needed.</summary>
    public static string Mailbox(string email, string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return email;
        }
        if (!IsPlainAscii(name))
        {
            return $"{HeaderText(name)} <{email}>";
        }
        var needsQuotes = name.AsSpan().ContainsAny("()<>[]:;@\\,.\"");
        return needsQuotes ? $"\"{name.Replace("\\", "\\\\").Replace("\"", "\\\"")}\" <{email}>" : $"{name} <{email}>";
    }

    private static bool IsPlainAscii(string value)
    {
        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }
        return true;
    }
}
