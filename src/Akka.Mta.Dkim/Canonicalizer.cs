namespace Akka.Mta.Dkim;

/// <summary>RFC 6376 section 3.4 over the wire form of the message (see <see cref="WireLines"/>).</summary>
internal static class Canonicalizer
{
    private static ReadOnlySpan<byte> Wsp => " \t"u8;

    /// <summary>One header field with its line break, canonicalized into <paramref name="sink"/>.</summary>
    public static void Header(ReadOnlySpan<byte> message, HeaderField field, DkimCanonicalization mode, HashSink sink)
    {
        if (mode == DkimCanonicalization.Simple)
        {
            // Unchanged, but every line ends in CRLF as it does on the wire.
            var pos = field.Start;
            while (pos < field.End)
            {
                var next = WireLines.Next(message, pos, out var contentEnd);
                sink.Write(message[pos..contentEnd]);
                sink.CrLf();
                pos = next;
            }
            return;
        }
        foreach (var b in message[field.Start..field.NameEnd])
        {
            sink.Write(b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b + 32) : b);
        }
        sink.Write((byte)':');
        RelaxedValue(message[(field.Colon + 1)..field.End], sink);
        sink.CrLf();
    }

    /// <summary>
    /// A relaxed header value: line breaks removed (unfolding), runs of WSP made one SP, WSP at
    /// the start and end removed.
    /// </summary>
    public static void RelaxedValue(ReadOnlySpan<byte> value, HashSink sink)
    {
        var pendingSpace = false;
        var started = false;
        while (!value.IsEmpty)
        {
            var i = value.IndexOfAny(" \t\r\n"u8);
            if (i < 0)
            {
                Emit(value, ref pendingSpace, ref started, sink);
                return;
            }
            if (i > 0)
            {
                Emit(value[..i], ref pendingSpace, ref started, sink);
            }
            if (value[i] is (byte)' ' or (byte)'\t')
            {
                pendingSpace = true;
            }
            value = value[(i + 1)..];
        }
    }

    private static void Emit(ReadOnlySpan<byte> text, ref bool pendingSpace, ref bool started, HashSink sink)
    {
        if (pendingSpace && started)
        {
            sink.Write((byte)' ');
        }
        pendingSpace = false;
        started = true;
        sink.Write(text);
    }

    /// <summary>The body canonicalized into <paramref name="sink"/>.</summary>
    public static void Body(ReadOnlySpan<byte> body, DkimCanonicalization mode, HashSink sink)
    {
        if (mode == DkimCanonicalization.Simple && WireLines.OnlyCrLf(body))
        {
            SimpleCrLfBody(body, sink);
            return;
        }
        var pendingEmpty = 0;
        var any = false;
        var pos = 0;
        // Lines whose canonical form is their own bytes with their CRLF are written as one run.
        int runStart = -1, runEnd = -1;
        while (pos < body.Length)
        {
            var next = WireLines.Next(body, pos, out var contentEnd);
            var raw = body[pos..contentEnd];
            var line = mode == DkimCanonicalization.Relaxed ? raw.TrimEnd(Wsp) : raw;
            if (line.IsEmpty)
            {
                pendingEmpty++;
                pos = next;
                continue;
            }
            if (pendingEmpty > 0)
            {
                Flush(body, ref runStart, runEnd, sink);
                for (; pendingEmpty > 0; pendingEmpty--)
                {
                    sink.CrLf();
                }
            }
            any = true;
            var verbatim = line.Length == raw.Length && next - contentEnd == 2
                && (mode == DkimCanonicalization.Simple || (line.IndexOf((byte)'\t') < 0 && line.IndexOf("  "u8) < 0));
            if (verbatim)
            {
                if (runStart < 0)
                {
                    runStart = pos;
                }
                runEnd = next;
            }
            else
            {
                Flush(body, ref runStart, runEnd, sink);
                if (mode == DkimCanonicalization.Simple)
                {
                    sink.Write(line);
                }
                else
                {
                    RelaxedBodyLine(line, sink);
                }
                sink.CrLf();
            }
            pos = next;
        }
        Flush(body, ref runStart, runEnd, sink);
        if (!any && mode == DkimCanonicalization.Simple)
        {
            sink.CrLf(); // RFC 6376 3.4.3: an empty body is one CRLF
        }
    }

    private static void Flush(ReadOnlySpan<byte> body, ref int runStart, int runEnd, HashSink sink)
    {
        if (runStart >= 0)
        {
            sink.Write(body[runStart..runEnd]);
            runStart = -1;
        }
    }

    /// <summary>Simple body with CRLF line breaks only: the bytes as they are, trailing empty lines cut.</summary>
    private static void SimpleCrLfBody(ReadOnlySpan<byte> body, HashSink sink)
    {
        var end = body.Length;
        while (end >= 2 && body[end - 2] == (byte)'\r' && body[end - 1] == (byte)'\n')
        {
            end -= 2;
        }
        if (end == 0)
        {
            sink.CrLf();
            return;
        }
        sink.Write(body[..end]);
        sink.CrLf();
    }

    /// <summary>A relaxed body line without trailing WSP: each run of WSP becomes one SP.</summary>
    private static void RelaxedBodyLine(ReadOnlySpan<byte> line, HashSink sink)
    {
        while (!line.IsEmpty)
        {
            var i = line.IndexOfAny(Wsp);
            if (i < 0)
            {
                sink.Write(line);
                return;
            }
            sink.Write(line[..i]);
            sink.Write((byte)' ');
            var run = line[i..].IndexOfAnyExcept(Wsp);
            line = line[(i + run)..]; // the line has no trailing WSP, so a non-WSP byte follows
        }
    }
}
