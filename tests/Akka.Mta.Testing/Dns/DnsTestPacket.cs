using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Akka.Mta.Testing.Dns;

/// <summary>A query as a test DNS server saw it.</summary>
public sealed record DnsTestQuery(ushort Id, string Name, ushort Type, bool OverTcp, ushort? EdnsPayloadSize, byte[] Raw);

/// <summary>A record for a test answer: owner, type, TTL and encoded RDATA (see the factory methods).</summary>
public sealed record DnsTestRecord(string Name, ushort Type, uint Ttl, byte[] Data)
{
    public static DnsTestRecord A(string name, string address, uint ttl = 300) => new(name, 1, ttl, IPAddress.Parse(address).GetAddressBytes());

    public static DnsTestRecord Aaaa(string name, string address, uint ttl = 300) => new(name, 28, ttl, IPAddress.Parse(address).GetAddressBytes());

    public static DnsTestRecord Mx(string name, ushort preference, string exchange, uint ttl = 300) =>
        new(name, 15, ttl, [(byte)(preference >> 8), (byte)preference, .. DnsTestPacket.EncodeName(exchange)]);

    public static DnsTestRecord Cname(string name, string target, uint ttl = 300) => new(name, 5, ttl, DnsTestPacket.EncodeName(target));

    public static DnsTestRecord Txt(string name, string text, uint ttl = 300)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        return new(name, 16, ttl, [(byte)bytes.Length, .. bytes]);
    }

    /// <summary>An SOA whose MINIMUM (the negative-caching TTL) is <paramref name="minimum"/>.</summary>
    public static DnsTestRecord Soa(string zone, uint minimum, uint ttl = 300)
    {
        var data = new List<byte>();
        data.AddRange(DnsTestPacket.EncodeName("ns." + zone));
        data.AddRange(DnsTestPacket.EncodeName("hostmaster." + zone));
        foreach (var value in new uint[] { 1, 3600, 600, 86400, minimum })
        {
            data.AddRange([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
        }
        return new(zone, 6, ttl, data.ToArray());
    }
}

/// <summary>
/// Encodes and decodes just enough DNS for test servers, written apart from the resolver's own
/// codec so that one's mistake cannot hide the other's. Owner names equal to the question are
/// written as compression pointers to it.
/// </summary>
public static class DnsTestPacket
{
    public const int NoError = 0, FormErr = 1, ServFail = 2, NxDomain = 3, NotImp = 4, Refused = 5;

    /// <summary>Reads a query; null if the packet is not one (tests ignore such packets).</summary>
    public static DnsTestQuery? ParseQuery(byte[] raw, bool overTcp)
    {
        if (raw.Length < 17 || BinaryPrimitives.ReadUInt16BigEndian(raw.AsSpan(4)) != 1)
        {
            return null;
        }
        var position = 12;
        var labels = new List<string>();
        while (position < raw.Length && raw[position] != 0)
        {
            int length = raw[position];
            if (length > 63 || position + 1 + length >= raw.Length)
            {
                return null;
            }
            labels.Add(Encoding.ASCII.GetString(raw, position + 1, length));
            position += 1 + length;
        }
        if (position + 5 > raw.Length)
        {
            return null;
        }
        var type = BinaryPrimitives.ReadUInt16BigEndian(raw.AsSpan(position + 1));
        position += 5;
        ushort? edns = null;
        if (BinaryPrimitives.ReadUInt16BigEndian(raw.AsSpan(10)) >= 1 && position + 11 <= raw.Length && raw[position] == 0
            && BinaryPrimitives.ReadUInt16BigEndian(raw.AsSpan(position + 1)) == 41)
        {
            edns = BinaryPrimitives.ReadUInt16BigEndian(raw.AsSpan(position + 3));
        }
        return new DnsTestQuery(BinaryPrimitives.ReadUInt16BigEndian(raw), string.Join('.', labels), type, overTcp, edns, raw);
    }

    /// <summary>A query for <paramref name="name"/> (used to probe a server for readiness).</summary>
    public static byte[] Query(ushort id, string name, ushort type)
    {
        var bytes = new List<byte> { (byte)(id >> 8), (byte)id, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0 };
        bytes.AddRange(EncodeName(name));
        bytes.AddRange([(byte)(type >> 8), (byte)type, 0, 1]);
        return bytes.ToArray();
    }

    /// <summary>
    /// A response to <paramref name="query"/>; <paramref name="id"/> and <paramref name="questionName"/>
    /// override what is echoed, to play a spoofer.
    /// </summary>
    public static byte[] Response(DnsTestQuery query, int rcode, IEnumerable<DnsTestRecord>? answers = null,
        IEnumerable<DnsTestRecord>? authorities = null, bool truncated = false, ushort? id = null, string? questionName = null)
    {
        var answerList = answers?.ToList() ?? [];
        var authorityList = authorities?.ToList() ?? [];
        var bytes = new List<byte>();
        var replyId = id ?? query.Id;
        var flags = 0x8000 | 0x0100 | 0x0080 | (truncated ? 0x0200 : 0) | (rcode & 0xF);
        Append16(bytes, replyId);
        Append16(bytes, flags);
        Append16(bytes, 1);
        Append16(bytes, answerList.Count);
        Append16(bytes, authorityList.Count);
        Append16(bytes, 0);
        var name = questionName ?? query.Name;
        bytes.AddRange(EncodeName(name));
        Append16(bytes, query.Type);
        Append16(bytes, 1);
        foreach (var record in answerList.Concat(authorityList))
        {
            if (string.Equals(record.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                bytes.AddRange([0xC0, 12]);
            }
            else
            {
                bytes.AddRange(EncodeName(record.Name));
            }
            Append16(bytes, record.Type);
            Append16(bytes, 1);
            bytes.AddRange([(byte)(record.Ttl >> 24), (byte)(record.Ttl >> 16), (byte)(record.Ttl >> 8), (byte)record.Ttl]);
            Append16(bytes, record.Data.Length);
            bytes.AddRange(record.Data);
        }
        return bytes.ToArray();
    }

    public static byte[] EncodeName(string name)
    {
        var bytes = new List<byte>();
        foreach (var label in name.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }
        bytes.Add(0);
        return bytes.ToArray();
    }

    private static void Append16(List<byte> bytes, int value) => bytes.AddRange([(byte)(value >> 8), (byte)value]);
}
