using System.Buffers;
using System.Text;
using Akka.Mta.Smtp.Client;

namespace Akka.Mta.Smtp.Tests.Client;

public sealed class DataEncoderTests
{
    [Theory]
    [InlineData("Subject: x\r\n\r\nbody\r\n", "Subject: x\r\n\r\nbody\r\n.\r\n")]
    [InlineData("a\nb\n", "a\r\nb\r\n.\r\n")]
    [InlineData("a\rb\r", "a\r\nb\r\n.\r\n")]
    [InlineData("no final line break", "no final line break\r\n.\r\n")]
    [InlineData(".starts with a dot\r\n..two\r\nmid.dle\r\n.", "..starts with a dot\r\n...two\r\nmid.dle\r\n..\r\n.\r\n")]
    [InlineData(".\r\n", "..\r\n.\r\n")]
    [InlineData("x\n.\n", "x\r\n..\r\n.\r\n")]
    [InlineData("\r\r\n\n", "\r\n\r\n\r\n.\r\n")]
    [InlineData("", ".\r\n")]
    public void Encode_NormalizesLineBreaks_AndStuffsDots(string content, string wire)
    {
        Assert.Equal(wire, EncodeWhole(content));
    }

    [Fact]
    public void Encode_GivesTheSameBytes_HoweverTheContentIsChunked()
    {
        const string content = "From: a\r\n.hidden\n\r.x\r\r\nline\r\n..\r\nend";
        var expected = EncodeWhole(content);
        var bytes = Encoding.ASCII.GetBytes(content);
        for (var split = 0; split <= bytes.Length; split++)
        {
            for (var split2 = split; split2 <= bytes.Length; split2++)
            {
                var output = new ArrayBufferWriter<byte>();
                var encoder = new DataEncoder();
                encoder.Encode(bytes.AsSpan(0, split), output);
                encoder.Encode(bytes.AsSpan(split, split2 - split), output);
                encoder.Encode(bytes.AsSpan(split2), output);
                encoder.Complete(output);
                Assert.Equal(expected, Encoding.ASCII.GetString(output.WrittenSpan));
            }
        }
    }

    [Fact]
    public void Encode_RoundTrips_ThroughServerSideUnstuffing_ForRandomContent()
    {
        var random = new Random(2920);
        var alphabet = "ab.\r\n \u00e9"u8.ToArray();
        for (var round = 0; round < 500; round++)
        {
            var content = new byte[random.Next(0, 200)];
            for (var i = 0; i < content.Length; i++)
            {
                content[i] = alphabet[random.Next(alphabet.Length)];
            }
            var output = new ArrayBufferWriter<byte>();
            DataEncoder.EncodeMessage(content, output);
            var lines = SplitCrLf(output.WrittenSpan.ToArray());
            Assert.Equal(".", lines[^1]);
            Assert.All(lines.SkipLast(1), l => Assert.False(l == ".", "no line but the last is a lone dot"));
            var unstuffed = lines.SkipLast(1).Select(l => l.StartsWith('.') ? l[1..] : l);
            Assert.Equal(Normalize(content), string.Concat(unstuffed.Select(l => l + "\r\n")));
        }
    }

    private static string EncodeWhole(string content)
    {
        var output = new ArrayBufferWriter<byte>();
        DataEncoder.EncodeMessage(Encoding.UTF8.GetBytes(content), output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    /// <summary>Every CRLF, bare CR and bare LF is one line break; the last line ends with one.</summary>
    private static string Normalize(byte[] content)
    {
        var text = Encoding.Latin1.GetString(content).Replace("\r\n", "\n").Replace('\r', '\n').Replace("\n", "\r\n");
        return text.Length == 0 || text.EndsWith("\r\n") ? text : text + "\r\n";
    }

    private static List<string> SplitCrLf(byte[] wire)
    {
        var text = Encoding.Latin1.GetString(wire);
        Assert.EndsWith("\r\n", text);
        var lines = text[..^2].Split("\r\n").ToList();
        Assert.All(lines, l => Assert.False(l.Contains('\r') || l.Contains('\n'), "no bare CR or LF on the wire"));
        return lines;
    }
}
