using System.Buffers;

namespace Akka.Mta.Dkim;

/// <summary>
/// Lines as the message goes out over SMTP: the DATA encoder turns CRLF, a bare LF and a bare CR
/// each into one CRLF and ends an unterminated last line, so the signer canonicalizes those lines.
/// </summary>
internal static class WireLines
{
    public static readonly SearchValues<byte> Breaks = SearchValues.Create("\r\n"u8);

    /// <summary>
    /// The line starting at <paramref name="start"/>: its content ends at <paramref name="contentEnd"/>;
    /// returns where the next line starts (after the line break, or the end of the data).
    /// </summary>
    public static int Next(ReadOnlySpan<byte> data, int start, out int contentEnd)
    {
        var i = data[start..].IndexOfAny(Breaks);
        if (i < 0)
        {
            contentEnd = data.Length;
            return data.Length;
        }
        contentEnd = start + i;
        return data[contentEnd] == (byte)'\r' && contentEnd + 1 < data.Length && data[contentEnd + 1] == (byte)'\n'
            ? contentEnd + 2
            : contentEnd + 1;
    }

    /// <summary>True when every line break in <paramref name="data"/> is a CRLF (no bare CR or LF).</summary>
    public static bool OnlyCrLf(ReadOnlySpan<byte> data)
    {
        var pos = 0;
        while (true)
        {
            var i = data[pos..].IndexOfAny(Breaks);
            if (i < 0)
            {
                return true;
            }
            var at = pos + i;
            if (data[at] == (byte)'\n' || at + 1 >= data.Length || data[at + 1] != (byte)'\n')
            {
                return false;
            }
            pos = at + 2;
        }
    }
}
