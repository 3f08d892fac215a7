using System.Net;
using System.Text;

namespace Akka.Mta.Dns.Protocol;

internal ref partial struct WireReader
{
    /// <summary>Reads one resource record; RDATA of known types must fill RDLENGTH exactly.</summary>
    public DnsRecord ReadRecord(string section)
    {
        var name = ReadName(section + " record name");
        var type = (DnsRecordType)ReadUInt16(section + " record type");
        var recordClass = ReadUInt16(section + " record class");
        var ttl = ReadUInt32(section + " record TTL");
        if (ttl > int.MaxValue)
        {
            ttl = 0; // RFC 2181 8: a TTL with the top bit set is read as zero
        }
        var dataLength = ReadUInt16(section + " RDLENGTH");
        var dataStart = Position;
        var dataEnd = dataStart + dataLength;
        if (dataEnd > _packet.Length)
        {
            throw new DnsFormatException($"{section} {type} record: RDLENGTH {dataLength} runs past the end of the message", dataStart - 2);
        }
        var what = $"{section} {type} record for \"{name}\"";
        DnsRecordData data = type switch
        {
            DnsRecordType.A => ReadAddress(dataLength, 4, what),
            DnsRecordType.AAAA => ReadAddress(dataLength, 16, what),
            DnsRecordType.MX => new MxData(ReadUInt16(what), ReadName(what)),
            DnsRecordType.CNAME or DnsRecordType.PTR or DnsRecordType.NS => new NameData(ReadName(what)),
            DnsRecordType.TXT => ReadTxt(dataEnd, what),
            DnsRecordType.SOA => new SoaData(ReadName(what), ReadName(what), ReadUInt32(what), ReadUInt32(what), ReadUInt32(what),
                ReadUInt32(what), ReadUInt32(what)),
            _ => new UnknownData(ReadBytes(dataLength, what).ToArray()),
        };
        if (Position != dataEnd)
        {
            throw new DnsFormatException($"{what}: RDATA is {Position - dataStart} bytes but RDLENGTH says {dataLength}", dataStart);
        }
        return new DnsRecord(name, type, recordClass, ttl, data);
    }

    private AddressData ReadAddress(int dataLength, int expected, string what)
    {
        if (dataLength != expected)
        {
            throw new DnsFormatException($"{what}: address of {dataLength} bytes, expected {expected}", Position);
        }
        return new AddressData(new IPAddress(ReadBytes(expected, what)));
    }

    private TxtData ReadTxt(int dataEnd, string what)
    {
        var strings = new List<string>();
        while (Position < dataEnd)
        {
            var length = ReadBytes(1, what)[0];
            if (Position + length > dataEnd)
            {
                throw new DnsFormatException($"{what}: character-string of {length} bytes runs past RDLENGTH", Position - 1);
            }
            strings.Add(Encoding.UTF8.GetString(ReadBytes(length, what)));
        }
        return new TxtData(strings);
    }
}
