using System.Buffers.Binary;
using Akka.Mta.Core;

namespace Akka.Mta.Persistence.CrashWriter;

/// <summary>
/// The body the crash writer stores under an id: its length and every byte follow from the id, so a
/// reader can tell an intact body from a torn or mixed-up one without being told what was written.
/// </summary>
public static class CrashBodies
{
    public const int MinLength = 8 * 1024;
    public const int LengthSpread = 24 * 1024;

    /// <summary>Large bodies: 32 KB to 160 KB, so most go to the SQLite spool's body files.</summary>
    public const int LargeMinLength = 32 * 1024;
    public const int LargeLengthSpread = 128 * 1024;

    public static byte[] For(SpoolId id, bool large = false)
    {
        Span<byte> raw = stackalloc byte[SpoolId.ByteLength];
        id.WriteBytes(raw);
        var state = BinaryPrimitives.ReadUInt64BigEndian(raw[8..]) | 1;
        var body = large
            ? new byte[LargeMinLength + (int)(state % LargeLengthSpread)]
            : new byte[MinLength + (int)(state % LengthSpread)];
        for (var i = 0; i < body.Length; i++)
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            body[i] = (byte)state;
        }
        return body;
    }

    public static string Queue(SpoolId id) => $"crash:q{id.GetHashCode() & 7}@example.com";

    public static string Metadata(SpoolId id) => $$"""{"id":"{{id}}"}""";
}
