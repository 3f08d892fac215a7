using System.Text;

namespace Akka.Mta.Delivery.Reception;

/// <summary>
/// The header section of an RFC 5322 message: where it ends in the bytes, and its fields unfolded.
/// Lenient by design (mail arrives malformed): a line without a colon ends the header section.
/// </summary>
public sealed class HeaderBlock
{
    private readonly List<KeyValuePair<string, string>> _fields;

    private HeaderBlock(List<KeyValuePair<string, string>> fields, int end)
    {
        _fields = fields;
        End = end;
    }

    /// <summary>Offset of the blank line that ends the headers (or the body length when there is none).</summary>
    public int End { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Fields => _fields;

    public static HeaderBlock Parse(ReadOnlySpan<byte> message)
    {
        var fields = new List<KeyValuePair<string, string>>();
        string? name = null;
        var value = new StringBuilder();
        var pos = 0;
        while (pos < message.Length)
        {
            var lineEnd = message[pos..].IndexOf((byte)'\n');
            var next = lineEnd < 0 ? message.Length : pos + lineEnd + 1;
            var line = message[pos..(lineEnd < 0 ? message.Length : pos + lineEnd)];
            if (line.Length > 0 && line[^1] == '\r')
            {
                line = line[..^1];
            }
            if (line.IsEmpty)
            {
                break;
            }
            if (line[0] is (byte)' ' or (byte)'\t')
            {
                if (name is null)
                {
                    break;
                }
                value.Append(Latin1OrUtf8(line));
                pos = next;
                continue;
            }
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                break;
            }
            if (name is not null)
            {
                fields.Add(new(name, value.ToString().Trim()));
            }
            name = Encoding.ASCII.GetString(line[..colon]).Trim();
            value.Clear().Append(Latin1OrUtf8(line[(colon + 1)..]));
            pos = next;
        }
        if (name is not null)
        {
            fields.Add(new(name, value.ToString().Trim()));
        }
        return new HeaderBlock(fields, pos);
    }

    public string? First(string name)
    {
        foreach (var (key, value) in _fields)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }
        return null;
    }

    private static string Latin1OrUtf8(ReadOnlySpan<byte> bytes) =>
        System.Text.Unicode.Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : Encoding.Latin1.GetString(bytes);
}
