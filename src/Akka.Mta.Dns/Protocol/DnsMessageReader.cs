namespace Akka.Mta.Dns.Protocol;

/// <summary>
/// Parses DNS messages (RFC 1035 4.1) with name compression. Whatever the bytes, it returns a
/// message or throws <see cref="DnsFormatException"/> naming what is wrong and where: compression
/// pointers must point before the name that uses them (so loops cannot occur), names stay within
/// 255 bytes, counts and lengths must fit the packet.
/// </summary>
public static class DnsMessageReader
{
    public const int HeaderLength = 12;

    /// <summary>The message ID, when the packet is long enough to have a header.</summary>
    public static bool TryReadId(ReadOnlySpan<byte> packet, out ushort id)
    {
        id = packet.Length >= HeaderLength ? (ushort)(packet[0] << 8 | packet[1]) : (ushort)0;
        return packet.Length >= HeaderLength;
    }

    public static DnsMessage Parse(ReadOnlySpan<byte> packet)
    {
        var reader = new WireReader(packet);
        if (packet.Length < HeaderLength)
        {
            throw new DnsFormatException($"message of {packet.Length} bytes is shorter than the {HeaderLength}-byte header", 0);
        }
        var id = reader.ReadUInt16("ID");
        var flags = reader.ReadUInt16("flags");
        var questionCount = reader.ReadUInt16("QDCOUNT");
        var answerCount = reader.ReadUInt16("ANCOUNT");
        var authorityCount = reader.ReadUInt16("NSCOUNT");
        var additionalCount = reader.ReadUInt16("ARCOUNT");
        // A question takes at least 5 bytes and a record at least 11: reject impossible counts
        // before allocating anything for them.
        var minimum = questionCount * 5L + (answerCount + authorityCount + additionalCount) * 11L;
        if (minimum > packet.Length - HeaderLength)
        {
            throw new DnsFormatException(
                $"counts ({questionCount} questions, {answerCount}+{authorityCount}+{additionalCount} records) do not fit in {packet.Length} bytes", 4);
        }

        var questions = new DnsQuestion[questionCount];
        for (var i = 0; i < questionCount; i++)
        {
            var name = reader.ReadName("question name");
            questions[i] = new DnsQuestion(name, (DnsRecordType)reader.ReadUInt16("question type"), reader.ReadUInt16("question class"));
        }
        var answers = ReadSection(ref reader, answerCount, "answer");
        var authorities = ReadSection(ref reader, authorityCount, "authority");

        var additionals = new List<DnsRecord>(additionalCount);
        ushort? ednsPayloadSize = null;
        var extendedRcode = 0;
        for (var i = 0; i < additionalCount; i++)
        {
            var start = reader.Position;
            var record = reader.ReadRecord("additional");
            if (record.Type != DnsRecordType.OPT)
            {
                additionals.Add(record);
                continue;
            }
            if (ednsPayloadSize is not null)
            {
                throw new DnsFormatException("more than one OPT record", start);
            }
            if (record.Name.Length != 0)
            {
                throw new DnsFormatException($"OPT record owned by \"{record.Name}\" instead of the root", start);
            }
            ednsPayloadSize = record.Class;
            extendedRcode = (int)(record.Ttl >> 24);
        }

        return new DnsMessage(
            id,
            IsResponse: (flags & 0x8000) != 0,
            Opcode: (byte)((flags >> 11) & 0xF),
            IsAuthoritative: (flags & 0x0400) != 0,
            IsTruncated: (flags & 0x0200) != 0,
            RecursionDesired: (flags & 0x0100) != 0,
            RecursionAvailable: (flags & 0x0080) != 0,
            ResponseCode: (DnsResponseCode)((extendedRcode << 4) | (flags & 0xF)),
            questions,
            answers,
            authorities,
            additionals,
            ednsPayloadSize);
    }

    private static DnsRecord[] ReadSection(ref WireReader reader, int count, string section)
    {
        var records = new DnsRecord[count];
        for (var i = 0; i < count; i++)
        {
            var start = reader.Position;
            records[i] = reader.ReadRecord(section);
            if (records[i].Type == DnsRecordType.OPT)
            {
                throw new DnsFormatException($"OPT record in the {section} section", start);
            }
        }
        return records;
    }
}
