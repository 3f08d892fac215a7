using System.Buffers;

namespace Akka.Mta.Smtp.Protocol;

/// <summary>What was wrong with a message's bytes; the message is refused at its end, never cut short.</summary>
[Flags]
public enum DataDefects
{
    None = 0,
    BareLineEnding = 1,
    Nul = 2,
    LineTooLong = 4,
    TooBig = 8,
}

/// <summary>
/// Incremental decoder of message content. In DATA mode it removes dot-stuffing and finds the
/// <c>CRLF.CRLF</c> terminator (RFC 5321 4.5.2); in BDAT mode it passes bytes through. In both
/// it records bare CR or LF, NUL, overlong lines and oversize without stopping, so the whole
/// message is read and the session stays in sync. Only <c>CRLF.CRLF</c> ends DATA: a bare
/// <c>LF.LF</c> or <c>LF.CRLF</c> is content (and a defect), which closes the SMTP smuggling gap.
/// State survives between calls, so bytes can arrive split anywhere.
/// </summary>
public sealed class DataDecoder
{
    private enum State
    {
        LineStart,
        Middle,
        Cr,
        Dot,
        DotCr,
        Done,
    }

    private static readonly SearchValues<byte> LineBytes = SearchValues.Create("\r\n\0"u8);

    private readonly bool _unstuff;
    private readonly long _maxSize;
    private readonly int _maxLineLength;
    private State _state = State.LineStart;
    private int _lineLength;

    /// <param name="unstuff">true for DATA (dot-unstuffing and terminator), false for BDAT chunks</param>
    /// <param name="maxSize">octets kept at most; beyond, the rest is discarded and <see cref="DataDefects.TooBig"/> set</param>
    /// <param name="maxLineLength">longest line including CRLF (1000 per RFC 5321 4.5.3.1.6); 0 for no limit</param>
    public DataDecoder(bool unstuff, long maxSize, int maxLineLength)
    {
        _unstuff = unstuff;
        _maxSize = maxSize;
        _maxLineLength = maxLineLength <= 0 ? int.MaxValue : maxLineLength - 2;
    }

    public DataDefects Defects { get; private set; }

    /// <summary>Octets of content decoded so far (counting those discarded past the size limit).</summary>
    public long Size { get; private set; }

    /// <summary>True once DATA's terminator has been consumed.</summary>
    public bool IsComplete => _state == State.Done;

    /// <summary>
    /// Decodes from <paramref name="input"/> into <paramref name="output"/>; returns how many input
    /// bytes were consumed. All are consumed unless the terminator is found first: what follows it
    /// (pipelined commands) is left to the caller. Returns true when the terminator was found.
    /// </summary>
    public bool Decode(ReadOnlySpan<byte> input, IBufferWriter<byte> output, out int consumed)
    {
        var i = 0;
        while (i < input.Length && _state != State.Done)
        {
            var b = input[i];
            switch (_state)
            {
                case State.LineStart when _unstuff && b == (byte)'.':
                    _state = State.Dot;
                    _lineLength = 1;
                    i++;
                    continue;
                case State.Dot when b == (byte)'\r':
                    _state = State.DotCr;
                    i++;
                    continue;
                case State.DotCr when b == (byte)'\n':
                    _state = State.Done;
                    i++;
                    continue;
                case State.DotCr:
                    Defects |= DataDefects.BareLineEnding;
                    Emit("\r"u8, output);
                    _state = State.Middle;
                    continue;
                case State.Cr when b == (byte)'\n':
                    Emit("\n"u8, output);
                    _state = State.LineStart;
                    _lineLength = 0;
                    i++;
                    continue;
                case State.Cr:
                    Defects |= DataDefects.BareLineEnding;
                    _state = State.Middle;
                    continue;
            }
            // LineStart (not a dot), Dot (the stuffed dot is dropped) and Middle: copy up to the next CR, LF or NUL.
            var rest = input[i..];
            var stop = rest.IndexOfAny(LineBytes);
            var run = stop < 0 ? rest : rest[..stop];
            if (!run.IsEmpty)
            {
                Emit(run, output);
                _lineLength += run.Length;
                if (_lineLength > _maxLineLength)
                {
                    Defects |= DataDefects.LineTooLong;
                }
                i += run.Length;
                _state = State.Middle;
                continue;
            }
            i++;
            switch (b)
            {
                case (byte)'\r':
                    Emit("\r"u8, output);
                    _state = State.Cr;
                    break;
                case (byte)'\n':
                    Defects |= DataDefects.BareLineEnding;
                    Emit("\n"u8, output);
                    _state = State.Middle;
                    _lineLength = 0;
                    break;
                default:
                    Defects |= DataDefects.Nul;
                    Emit(input.Slice(i - 1, 1), output);
                    _state = State.Middle;
                    break;
            }
        }
        consumed = i;
        return _state == State.Done;
    }

    /// <summary>At the end of a BDAT LAST chunk: a message ending in a lone CR has a bare line ending.</summary>
    public void FinishChunks()
    {
        if (_state == State.Cr)
        {
            Defects |= DataDefects.BareLineEnding;
        }
    }

    private void Emit(ReadOnlySpan<byte> bytes, IBufferWriter<byte> output)
    {
        Size += bytes.Length;
        if (Size > _maxSize)
        {
            Defects |= DataDefects.TooBig;
            return;
        }
        output.Write(bytes);
    }
}
