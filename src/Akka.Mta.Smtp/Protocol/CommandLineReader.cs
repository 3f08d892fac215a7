using System.Buffers;

namespace Akka.Mta.Smtp.Protocol;

/// <summary>What <see cref="CommandLineReader.TryReadLine"/> found at the start of the buffer.</summary>
public enum LineStatus
{
    /// <summary>No complete line yet: read more bytes (nothing consumed).</summary>
    NeedMore,

    /// <summary>A command line ending in CRLF (the line excludes the CRLF).</summary>
    Line,

    /// <summary>A line that ended with a bare LF, or held a bare CR; consumed through its LF.</summary>
    BareLineEnding,

    /// <summary>A CRLF line with a NUL byte in it.</summary>
    Nul,

    /// <summary>A complete line longer than the limit; consumed through its line end.</summary>
    TooLong,

    /// <summary>
    /// The limit was passed and no line end is in sight: everything is consumed and the caller
    /// discards input with <see cref="CommandLineReader.TrySkipToLineEnd"/> until the line ends.
    /// </summary>
    TooLongSoFar,
}

/// <summary>
/// Incremental framing of command lines (RFC 5321 2.3.8: lines end with CRLF). Pure: looks at a
/// buffer and says what is there and how far to consume; it never blocks and never copies.
/// </summary>
public static class CommandLineReader
{
    private const byte Cr = (byte)'\r';
    private const byte Lf = (byte)'\n';

    /// <param name="buffer">bytes received and not yet consumed</param>
    /// <param name="maxLength">longest line accepted, CRLF included (RFC 5321 4.5.3.1.4)</param>
    /// <param name="line">the line without its line ending (for <see cref="LineStatus.Line"/> and <see cref="LineStatus.Nul"/>)</param>
    /// <param name="consumed">where the caller advances to</param>
    public static LineStatus TryReadLine(in ReadOnlySequence<byte> buffer, int maxLength, out ReadOnlySequence<byte> line, out SequencePosition consumed)
    {
        line = default;
        consumed = buffer.Start;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadToAny(out ReadOnlySequence<byte> before, [Cr, Lf], advancePastDelimiter: false))
        {
            return Incomplete(buffer, maxLength, ref consumed);
        }
        reader.TryRead(out var delimiter);
        if (delimiter == Lf)
        {
            consumed = reader.Position;
            return before.Length + 1 > maxLength ? LineStatus.TooLong : LineStatus.BareLineEnding;
        }
        if (!reader.TryPeek(out var next))
        {
            return Incomplete(buffer, maxLength, ref consumed);
        }
        if (next == Lf)
        {
            reader.Advance(1);
            consumed = reader.Position;
            line = before;
            if (before.Length + 2 > maxLength)
            {
                return LineStatus.TooLong;
            }
            return before.PositionOf((byte)0) is null ? LineStatus.Line : LineStatus.Nul;
        }
        // A bare CR inside the line: the bad line runs to the next LF.
        if (!reader.TryAdvanceTo(Lf, advancePastDelimiter: true))
        {
            return Incomplete(buffer, maxLength, ref consumed);
        }
        consumed = reader.Position;
        return reader.Consumed > maxLength ? LineStatus.TooLong : LineStatus.BareLineEnding;
    }

    /// <summary>
    /// Discards the rest of an overlong line. True when its line end was found (consumed through
    /// the LF); false when everything was consumed and the line goes on.
    /// </summary>
    public static bool TrySkipToLineEnd(in ReadOnlySequence<byte> buffer, out SequencePosition consumed)
    {
        if (buffer.PositionOf(Lf) is { } lf)
        {
            consumed = buffer.GetPosition(1, lf);
            return true;
        }
        consumed = buffer.End;
        return false;
    }

    private static LineStatus Incomplete(in ReadOnlySequence<byte> buffer, int maxLength, ref SequencePosition consumed)
    {
        if (buffer.Length < maxLength)
        {
            return LineStatus.NeedMore;
        }
        consumed = buffer.End;
        return LineStatus.TooLongSoFar;
    }
}
