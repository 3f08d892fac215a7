using System.Buffers.Binary;

namespace Akka.Mta.Dns.Protocol;

/// <summary>Builds query messages: one question, optionally with an EDNS0 OPT record (RFC 6891).</summary>
public static class DnsQueryWriter
{
    /// <summary>Largest query this writer produces: header, longest name, type/class, OPT record.</summary>
    public const int MaxQueryLength = 12 + DnsName.MaxWireLength + 4 + 11;

    /// <summary>
    /// Writes a query with recursion desired; <paramref name="ednsPayloadSize"/> null sends no OPT record.
    /// Throws <see cref="ArgumentException"/> for a name that cannot be encoded.
    /// </summary>
    public static int Write(Span<byte> destination, ushort id, DnsQuestion question, ushort? ednsPayloadSize)
    {
        if (destination.Length < MaxQueryLength)
        {
            throw new ArgumentException($"the buffer must hold {MaxQueryLength} bytes", nameof(destination));
        }
        BinaryPrimitives.WriteUInt16BigEndian(destination, id);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], 0x0100); // QUERY, RD
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], 1);
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], (ushort)(ednsPayloadSize is null ? 0 : 1));
        var position = 12;
        if (!DnsName.TryEncode(question.Name, destination[position..], out var nameLength, out var error))
        {
            throw new ArgumentException(error, nameof(question));
        }
        position += nameLength;
        BinaryPrimitives.WriteUInt16BigEndian(destination[position..], (ushort)question.Type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(position + 2)..], question.Class);
        position += 4;
        if (ednsPayloadSize is { } payload)
        {
            destination[position++] = 0; // root owner
            BinaryPrimitives.WriteUInt16BigEndian(destination[position..], (ushort)DnsRecordType.OPT);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(position + 2)..], payload);
            BinaryPrimitives.WriteUInt32BigEndian(destination[(position + 4)..], 0); // rcode ext, version 0, flags
            BinaryPrimitives.WriteUInt16BigEndian(destination[(position + 8)..], 0); // no options
            position += 10;
        }
        return position;
    }

    public static byte[] Build(ushort id, DnsQuestion question, ushort? ednsPayloadSize)
    {
        Span<byte> buffer = stackalloc byte[MaxQueryLength];
        var length = Write(buffer, id, question, ednsPayloadSize);
        return buffer[..length].ToArray();
    }
}
