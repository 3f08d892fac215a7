namespace Akka.Mta.Dkim;

/// <summary>One header field: its bytes from the name through the line break of its last line.</summary>
internal readonly record struct HeaderField(int Start, int End, int NameEnd, int Colon);

/// <summary>
/// The header fields of a message and where its body starts. Lenient as the MTA's reception is
/// (mail arrives malformed): the section ends at the empty line, or before a line that is neither
/// a continuation nor <c>name:</c>; whatever follows is the body.
/// </summary>
internal sealed class HeaderSection
{
    private HeaderSection(List<HeaderField> fields, int bodyStart)
    {
        Fields = fields;
        BodyStart = bodyStart;
    }

    public List<HeaderField> Fields { get; }

    public int BodyStart { get; }

    public static HeaderSection Parse(ReadOnlySpan<byte> message)
    {
        var fields = new List<HeaderField>(24);
        var pos = 0;
        int start = -1, nameEnd = 0, colon = 0, end = 0;
        var bodyStart = message.Length;
        while (pos < message.Length)
        {
            var next = WireLines.Next(message, pos, out var contentEnd);
            var line = message[pos..contentEnd];
            if (line.IsEmpty)
            {
                bodyStart = next;
                break;
            }
            if (line[0] is (byte)' ' or (byte)'\t')
            {
                if (start < 0)
                {
                    bodyStart = pos;
                    break;
                }
                end = next;
                pos = next;
                continue;
            }
            var c = line.IndexOf((byte)':');
            if (c <= 0)
            {
                bodyStart = pos;
                break;
            }
            if (start >= 0)
            {
                fields.Add(new HeaderField(start, end, nameEnd, colon));
            }
            start = pos;
            colon = pos + c;
            nameEnd = pos + line[..c].TrimEnd(" \t"u8).Length;
            end = next;
            pos = next;
        }
        if (start >= 0)
        {
            fields.Add(new HeaderField(start, end, nameEnd, colon));
        }
        return new HeaderSection(fields, bodyStart);
    }

    public static bool NameEquals(ReadOnlySpan<byte> message, HeaderField field, string name)
    {
        var bytes = message[field.Start..field.NameEnd];
        if (bytes.Length != name.Length)
        {
            return false;
        }
        for (var i = 0; i < bytes.Length; i++)
        {
            if (char.ToLowerInvariant((char)bytes[i]) != char.ToLowerInvariant(name[i]))
            {
                return false;
            }
        }
        return true;
    }
}
