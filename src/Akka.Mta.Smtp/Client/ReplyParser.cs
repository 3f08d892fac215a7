using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Akka.Mta.Core.Smtp;

namespace Akka.Mta.Smtp.Client;

/// <summary>
/// Incremental SMTP reply parser (RFC 5321 4.2, enhanced codes RFC 2034/3463). Feed it whatever
/// bytes have arrived; it consumes complete lines, keeps the lines of an unfinished multi-line
/// reply, and returns false when it needs more bytes. Garbage, overlong lines, too many lines
/// and mismatched codes throw <see cref="SmtpProtocolException"/> and nothing else.
/// Lines may end in CRLF or a bare LF. One parser per connection; not thread-safe.
/// </summary>
public sealed class SmtpReplyParser(int maxLineLength = SmtpReplyParser.DefaultMaxLineLength, int maxLines = SmtpReplyParser.DefaultMaxLines)
{
    public const int DefaultMaxLineLength = 4096;
    public const int DefaultMaxLines = 128;

    private readonly List<string> _lines = [];
    private int _code = -1;
    private EnhancedStatusCode? _enhanced;
    private string? _enhancedPrefix;

    /// <summary>True while a multi-line reply has begun but its last line has not arrived.</summary>
    public bool InReply => _code >= 0;

    /// <summary>
    /// Consumes lines from <paramref name="buffer"/> (which is advanced past them) until one reply
    /// is complete. The response has no <see cref="SmtpResponse.Command"/>; the caller knows which it answered.
    /// </summary>
    public bool TryParse(ref ReadOnlySequence<byte> buffer, [NotNullWhen(true)] out SmtpResponse? response)
    {
        response = null;
        while (true)
        {
            var newline = buffer.PositionOf((byte)'\n');
            if (newline is null)
            {
                if (buffer.Length > maxLineLength)
                {
                    Fail($"reply line longer than {maxLineLength} bytes");
                }
                return false;
            }
            var line = buffer.Slice(0, newline.Value);
            buffer = buffer.Slice(buffer.GetPosition(1, newline.Value));
            if (line.Length > maxLineLength)
            {
                Fail($"reply line longer than {maxLineLength} bytes");
            }
            if (ConsumeLine(line, out response))
            {
                return true;
            }
        }
    }

    /// <summary>Forgets a partly received reply (after the connection is abandoned).</summary>
    public void Reset()
    {
        _lines.Clear();
        _code = -1;
        _enhanced = null;
        _enhancedPrefix = null;
    }

    private bool ConsumeLine(ReadOnlySequence<byte> sequence, [NotNullWhen(true)] out SmtpResponse? response)
    {
        response = null;
        Span<byte> stack = stackalloc byte[512];
        var span = sequence.IsSingleSegment ? sequence.FirstSpan
            : sequence.Length <= stack.Length ? Copy(sequence, stack) : sequence.ToArray();
        if (span.Length > 0 && span[^1] == (byte)'\r')
        {
            span = span[..^1];
        }
        if (span.Length < 3 || !IsDigit(span[0]) || !IsDigit(span[1]) || !IsDigit(span[2]) || span[0] is < (byte)'2' or > (byte)'5')
        {
            Fail($"expected a reply code (2xx-5xx), got \"{Printable(span)}\"");
        }
        var code = ((span[0] - '0') * 100) + ((span[1] - '0') * 10) + (span[2] - '0');
        var last = span.Length == 3 || span[3] == (byte)' ';
        if (!last && span[3] != (byte)'-')
        {
            Fail($"expected ' ' or '-' after the reply code, got \"{Printable(span)}\"");
        }
        if (_code >= 0 && code != _code)
        {
            Fail($"multi-line reply changed its code from {_code} to {code}");
        }
        if (_lines.Count >= maxLines)
        {
            Fail($"reply has more than {maxLines} lines");
        }
        var text = Decode(span.Length > 4 ? span[4..] : []);
        if (_code < 0)
        {
            _code = code;
            text = TakeEnhancedCode(code, text);
        }
        else if (_enhancedPrefix is not null && text.StartsWith(_enhancedPrefix, StringComparison.Ordinal))
        {
            text = text[_enhancedPrefix.Length..].TrimStart(' ');
        }
        _lines.Add(text);
        if (!last)
        {
            return false;
        }
        response = new SmtpResponse(_code, _enhanced, _lines.Count == 1 ? _lines[0] : string.Join('\n', _lines));
        Reset();
        return true;
    }

    /// <summary>Takes "C.SSS.DDD " off the first line when its class agrees with the reply code.</summary>
    private string TakeEnhancedCode(int code, string text)
    {
        var end = text.IndexOf(' ');
        var candidate = end < 0 ? text : text[..end];
        if (candidate.Length >= 5 && EnhancedStatusCode.TryParse(candidate, out var enhanced) && enhanced.Value.Class == code / 100)
        {
            _enhanced = enhanced;
            _enhancedPrefix = candidate;
            return end < 0 ? string.Empty : text[(end + 1)..].TrimStart(' ');
        }
        return text;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private static ReadOnlySpan<byte> Copy(ReadOnlySequence<byte> sequence, Span<byte> target)
    {
        sequence.CopyTo(target);
        return target[..(int)sequence.Length];
    }

    /// <summary>UTF-8 with replacement; control characters become U+FFFD so logs stay one line per reply.</summary>
    private static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }
        var text = Encoding.UTF8.GetString(bytes);
        return text.AsSpan().IndexOfAnyInRange('\0', '\x1f') < 0 && !text.Contains('\x7f') ? text : Sanitize(text);
    }

    private static string Sanitize(string text) =>
        string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c == '\t' ? ' ' : char.IsControl(c) ? '\uFFFD' : c;
            }
        });

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var shown = Sanitize(Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 80)]));
        return bytes.Length > 80 ? shown + "..." : shown;
    }

    [DoesNotReturn]
    private void Fail(string message)
    {
        Reset();
        throw new SmtpProtocolException(message);
    }
}
