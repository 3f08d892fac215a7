using System.Buffers.Binary;
using System.Text;

namespace Akka.Mta.Dns.Protocol;

/// <summary>Bounds-checked reads over one message; every failure is a <see cref="DnsFormatException"/>.</summary>
internal ref partial struct WireReader(ReadOnlySpan<byte> packet)
{
    private const int MaxPointerHops = 127;

    private readonly ReadOnlySpan<byte> _packet = packet;

    public int Position { get; private set; }

    public ushort ReadUInt16(string what)
    {
        Need(2, what);
        var value = BinaryPrimitives.ReadUInt16BigEndian(_packet[Position..]);
        Position += 2;
        return value;
    }

    public uint ReadUInt32(string what)
    {
        Need(4, what);
        var value = BinaryPrimitives.ReadUInt32BigEndian(_packet[Position..]);
        Position += 4;
        return value;
    }

    public ReadOnlySpan<byte> ReadBytes(int count, string what)
    {
        Need(count, what);
        var bytes = _packet.Slice(Position, count);
        Position += count;
        return bytes;
    }

    /// <summary>
    /// Reads a possibly compressed name. Each pointer must point before the start of the labels
    /// being read when it is met, so every jump goes strictly backwards and a loop is impossible.
    /// </summary>
    public string ReadName(string what)
    {
        var builder = new StringBuilder();
        var cursor = Position;
        var segmentStart = Position;
        var resumeAt = -1;
        var wireLength = 1;
        var hops = 0;
        while (true)
        {
            if (cursor >= _packet.Length)
            {
                throw new DnsFormatException($"{what}: name runs past the end of the message", cursor);
            }
            var length = _packet[cursor];
            switch (length & 0xC0)
            {
                case 0x00 when length == 0:
                    Position = resumeAt >= 0 ? resumeAt : cursor + 1;
                    return builder.ToString();
                case 0x00:
                    if (cursor + 1 + length > _packet.Length)
                    {
                        throw new DnsFormatException($"{what}: label of {length} bytes runs past the end of the message", cursor);
                    }
                    wireLength += 1 + length;
                    if (wireLength > DnsName.MaxWireLength)
                    {
                        throw new DnsFormatException($"{what}: name longer than {DnsName.MaxWireLength} bytes", cursor);
                    }
                    if (builder.Length > 0)
                    {
                        builder.Append('.');
                    }
                    DnsName.AppendLabel(builder, _packet.Slice(cursor + 1, length));
                    cursor += 1 + length;
                    break;
                case 0xC0:
                    if (cursor + 1 >= _packet.Length)
                    {
                        throw new DnsFormatException($"{what}: compression pointer cut off by the end of the message", cursor);
                    }
                    var target = ((length & 0x3F) << 8) | _packet[cursor + 1];
                    if (target >= segmentStart)
                    {
                        throw new DnsFormatException(
                            $"{what}: compression pointer to {target} does not point before {segmentStart} (a loop or a forward reference)", cursor);
                    }
                    if (++hops > MaxPointerHops)
                    {
                        throw new DnsFormatException($"{what}: more than {MaxPointerHops} compression pointers", cursor);
                    }
                    if (resumeAt < 0)
                    {
                        resumeAt = cursor + 2;
                    }
                    cursor = segmentStart = target;
                    break;
                default:
                    throw new DnsFormatException($"{what}: unsupported label type 0x{length & 0xC0:X2}", cursor);
            }
        }
    }

    private void Need(int count, string what)
    {
        if (Position + count > _packet.Length)
        {
            throw new DnsFormatException($"{what}: needs {count} bytes, {_packet.Length - Position} left", Position);
        }
    }
}
