using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Akka.Mta.Core;

/// <summary>
/// The id of one spooled message: 128 bits written as 32 lowercase hex digits, the format of
/// KumoMTA's log <c>id</c> field. New ids are time-ordered (the RFC 9562 version 7 layout: 48 bits
/// of Unix milliseconds, then random bits), so ids sort by creation time and the spool's index
/// stays append-mostly. The hex form is what logs, the HTTP API and the spool tables use;
/// <see cref="Parse"/> and <see cref="ToString"/> round-trip.
/// </summary>
public readonly record struct SpoolId : IComparable<SpoolId>, ISpanFormattable, ISpanParsable<SpoolId>
{
    /// <summary>Length of the text form.</summary>
    public const int HexLength = 32;

    /// <summary>Length of the binary form (<see cref="WriteBytes"/>).</summary>
    public const int ByteLength = 16;

    private readonly ulong _high;
    private readonly ulong _low;

    public SpoolId(ulong high, ulong low)
    {
        _high = high;
        _low = low;
    }

    /// <summary>A new, time-ordered id for a message created now according to <paramref name="time"/>.</summary>
    public static SpoolId New(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        Span<byte> bytes = stackalloc byte[ByteLength];
        Guid.CreateVersion7(time.GetUtcNow()).TryWriteBytes(bytes, bigEndian: true, out _);
        return FromBytes(bytes);
    }

    /// <summary>The creation time encoded in a time-ordered id (millisecond precision).</summary>
    public DateTimeOffset Timestamp => DateTimeOffset.FromUnixTimeMilliseconds((long)(_high >> 16));

    /// <summary>Reads the 16-byte big-endian binary form.</summary>
    public static SpoolId FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != ByteLength)
        {
            throw new ArgumentException($"a spool id is {ByteLength} bytes, got {bytes.Length}", nameof(bytes));
        }
        return new SpoolId(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
    }

    /// <summary>Writes the 16-byte big-endian binary form, which sorts like the ids.</summary>
    public void WriteBytes(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _low);
    }

    public byte[] ToByteArray()
    {
        var bytes = new byte[ByteLength];
        WriteBytes(bytes);
        return bytes;
    }

    /// <summary>Parses 32 hex digits (either case); anything else is a <see cref="FormatException"/>.</summary>
    public static SpoolId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"spool id \"{text}\" is not {HexLength} hex digits");

    public static bool TryParse([NotNullWhen(true)] string? text, out SpoolId id) => TryParse(text.AsSpan(), out id);

    public static bool TryParse(ReadOnlySpan<char> text, out SpoolId id)
    {
        id = default;
        if (text.Length != HexLength
            || !ulong.TryParse(text[..16], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var high)
            || !ulong.TryParse(text[16..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var low))
        {
            return false;
        }
        id = new SpoolId(high, low);
        return true;
    }

    public override string ToString() => string.Create(HexLength, this, static (span, id) => id.TryFormat(span, out _, default, null));

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        charsWritten = 0;
        if (destination.Length < HexLength
            || !_high.TryFormat(destination, out _, "x16", CultureInfo.InvariantCulture)
            || !_low.TryFormat(destination[16..], out _, "x16", CultureInfo.InvariantCulture))
        {
            return false;
        }
        charsWritten = HexLength;
        return true;
    }

    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    public int CompareTo(SpoolId other)
    {
        var byHigh = _high.CompareTo(other._high);
        return byHigh != 0 ? byHigh : _low.CompareTo(other._low);
    }

    public static bool operator <(SpoolId left, SpoolId right) => left.CompareTo(right) < 0;
    public static bool operator >(SpoolId left, SpoolId right) => left.CompareTo(right) > 0;
    public static bool operator <=(SpoolId left, SpoolId right) => left.CompareTo(right) <= 0;
    public static bool operator >=(SpoolId left, SpoolId right) => left.CompareTo(right) >= 0;

    static SpoolId IParsable<SpoolId>.Parse(string s, IFormatProvider? provider) => Parse(s);

    static bool IParsable<SpoolId>.TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out SpoolId result) =>
        TryParse(s, out result);

    static SpoolId ISpanParsable<SpoolId>.Parse(ReadOnlySpan<char> s, IFormatProvider? provider) =>
        TryParse(s, out var id) ? id : throw new FormatException($"spool id \"{s}\" is not {HexLength} hex digits");

    static bool ISpanParsable<SpoolId>.TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out SpoolId result) =>
        TryParse(s, out result);
}
