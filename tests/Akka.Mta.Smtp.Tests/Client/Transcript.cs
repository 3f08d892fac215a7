using System.Globalization;
using System.Text;

namespace Akka.Mta.Smtp.Tests.Client;

/// <summary>
/// A recorded SMTP conversation, server side written out, read from a text file:
/// <c>S: text</c> a server line (CRLF added; <c>\xHH</c>, <c>\r</c>, <c>\n</c>, <c>\\</c> escapes),
/// <c>S~ text</c> server bytes without CRLF, <c>C: text</c> a line the client must send,
/// <c>-- close</c> the server closes the connection, <c>#</c> a comment.
/// </summary>
internal sealed record Transcript(string Name, IReadOnlyList<TranscriptStep> Steps)
{
    public static Transcript Load(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Client", "Transcripts", name);
        var steps = new List<TranscriptStep>();
        var lineNumber = 0;
        foreach (var line in File.ReadAllLines(path))
        {
            lineNumber++;
            var where = $"{name}:{lineNumber}";
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            if (line == "-- close")
            {
                steps.Add(new TranscriptStep(StepKind.Close, [], where));
            }
            else if (line.StartsWith("S:", StringComparison.Ordinal))
            {
                steps.Add(new TranscriptStep(StepKind.Server, Unescape(Text(line), where).Concat("\r\n"u8.ToArray()).ToArray(), where));
            }
            else if (line.StartsWith("S~", StringComparison.Ordinal))
            {
                steps.Add(new TranscriptStep(StepKind.Server, Unescape(Text(line), where), where));
            }
            else if (line.StartsWith("C:", StringComparison.Ordinal))
            {
                steps.Add(new TranscriptStep(StepKind.Client, Encoding.UTF8.GetBytes(Text(line) + "\r\n"), where));
            }
            else
            {
                throw new FormatException($"{where}: a transcript line starts with 'S:', 'S~', 'C:', '-- close' or '#': \"{line}\"");
            }
        }
        return new Transcript(name, steps);
    }

    private static string Text(string line) => line.Length > 2 && line[2] == ' ' ? line[3..] : line[2..];

    private static byte[] Unescape(string text, string where)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
                continue;
            }
            if (i + 1 >= text.Length)
            {
                throw new FormatException($"{where}: a lone '\\' at the end of the line");
            }
            var c = text[++i];
            switch (c)
            {
                case 'r': bytes.Add((byte)'\r'); break;
                case 'n': bytes.Add((byte)'\n'); break;
                case '\\': bytes.Add((byte)'\\'); break;
                case 'x' when i + 2 < text.Length && byte.TryParse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b):
                    bytes.Add(b);
                    i += 2;
                    break;
                default: throw new FormatException($"{where}: unknown escape '\\{c}'");
            }
        }
        return [.. bytes];
    }
}

internal enum StepKind { Server, Client, Close }

internal sealed record TranscriptStep(StepKind Kind, byte[] Bytes, string Where)
{
    public string Text => Encoding.UTF8.GetString(Bytes).Replace("\r", "\\r").Replace("\n", "\\n");
}

/// <summary>How the server's bytes reach the client.</summary>
public enum Feed
{
    /// <summary>All server bytes at once, before the client says anything.</summary>
    Whole,

    /// <summary>Interactive: each server line in its own write, after the client lines before it arrived.</summary>
    LineByLine,

    /// <summary>Interactive: one byte per write.</summary>
    ByteByByte,
}
