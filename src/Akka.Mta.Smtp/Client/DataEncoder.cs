using System.Buffers;

namespace Akka.Mta.Smtp.Client;

/// <summary>
/// Writes message content for DATA (RFC 5321 4.5.2): every line break becomes CRLF (bare LF and
/// bare CR included), a line starting with '.' gets a second '.', and <see cref="Complete"/> ends
/// the last line and writes the terminating <c>.CRLF</c>. Content may arrive in any number of
/// chunks; the encoder carries the line state across them.
/// </summary>
public sealed class DataEncoder
{
    private static readonly SearchValues<byte> LineBreaks = SearchValues.Create("\r\n"u8);

    private bool _atLineStart = true;
    private bool _pendingCr;

    /// <summary>Encodes a whole message and its terminator in one call.</summary>
    public static void EncodeMessage(ReadOnlySpan<byte> content, IBufferWriter<byte> output)
    {
        var encoder = new DataEncoder();
        encoder.Encode(content, output);
        encoder.Complete(output);
    }

    public void Encode(ReadOnlySpan<byte> chunk, IBufferWriter<byte> output)
    {
        while (!chunk.IsEmpty)
        {
            if (_pendingCr)
            {
                _pendingCr = false;
                WriteCrLf(output);
                if (chunk[0] == (byte)'\n')
                {
                    chunk = chunk[1..];
                    continue;
                }
            }
            var b = chunk[0];
            if (b == (byte)'\r')
            {
                _pendingCr = true;
                chunk = chunk[1..];
                continue;
            }
            if (b == (byte)'\n')
            {
                WriteCrLf(output);
                chunk = chunk[1..];
                continue;
            }
            if (_atLineStart && b == (byte)'.')
            {
                Write(output, "."u8);
            }
            var run = chunk.IndexOfAny(LineBreaks);
            if (run < 0)
            {
                run = chunk.Length;
            }
            Write(output, chunk[..run]);
            _atLineStart = false;
            chunk = chunk[run..];
        }
    }

    /// <summary>Ends an unterminated last line and writes <c>.CRLF</c>; the encoder is ready for another message.</summary>
    public void Complete(IBufferWriter<byte> output)
    {
        if (_pendingCr || !_atLineStart)
        {
            WriteCrLf(output);
        }
        Write(output, ".\r\n"u8);
        _pendingCr = false;
        _atLineStart = true;
    }

    private void WriteCrLf(IBufferWriter<byte> output)
    {
        Write(output, "\r\n"u8);
        _atLineStart = true;
    }

    private static void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var span = output.GetSpan(Math.Min(bytes.Length, 4096));
            var n = Math.Min(span.Length, bytes.Length);
            bytes[..n].CopyTo(span);
            output.Advance(n);
            bytes = bytes[n..];
        }
    }
}
