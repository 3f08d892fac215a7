using System.Buffers;
using System.Text;
using Akka.Mta.Smtp.Protocol;

namespace Akka.Mta.Smtp.Tests.Protocol;

public sealed class DataDecoderTests
{
    /// <summary>Feeds the wire text in pieces of <paramref name="piece"/> bytes; returns content, defects and the bytes after the terminator.</summary>
    private static (string Content, DataDefects Defects, string After, bool Complete) Decode(string wire, int piece, long maxSize = 1 << 20, int maxLine = 1000)
    {
        var bytes = Encoding.UTF8.GetBytes(wire);
        var decoder = new DataDecoder(unstuff: true, maxSize, maxLine);
        var output = new ArrayBufferWriter<byte>();
        var offset = 0;
        while (offset < bytes.Length)
        {
            var chunk = bytes.AsSpan(offset, Math.Min(piece, bytes.Length - offset));
            var done = decoder.Decode(chunk, output, out var consumed);
            offset += consumed;
            if (done)
            {
                break;
            }
            Assert.Equal(chunk.Length, consumed);
        }
        return (Encoding.UTF8.GetString(output.WrittenSpan), decoder.Defects, Encoding.UTF8.GetString(bytes.AsSpan(offset)), decoder.IsComplete);
    }

    public static TheoryData<string, string, DataDefects, string> Cases => new()
    {
        { "a\r\n.\r\nNOOP\r\n", "a\r\n", DataDefects.None, "NOOP\r\n" },
        { ".\r\n", "", DataDefects.None, "" },
        { "..\r\n...x\r\n.y\r\n.\r\n", ".\r\n..x\r\ny\r\n", DataDefects.None, "" },
        { "a\n.\nb\r\n.\r\n", "a\n.\nb\r\n", DataDefects.BareLineEnding, "" },
        { "a\r\n.\nb\r\n.\r\n", "a\r\n\nb\r\n", DataDefects.BareLineEnding, "" },
        { "a\rb\r\n.\r\n", "a\rb\r\n", DataDefects.BareLineEnding, "" },
        { ".\rx\r\n.\r\n", "\rx\r\n", DataDefects.BareLineEnding, "" },
        { "a\0b\r\n.\r\n", "a\0b\r\n", DataDefects.Nul, "" },
        { "ünïcødé\r\n.\r\n", "ünïcødé\r\n", DataDefects.None, "" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void DecodesTheSame_WholeOrInAnyPieces(string wire, string content, DataDefects defects, string rest)
    {
        foreach (var piece in new[] { 1, 2, 3, 5, 1000 })
        {
            Assert.Equal((content, defects, rest, true), Decode(wire, piece));
        }
    }

    [Fact]
    public void Unterminated_IsNotComplete()
    {
        Assert.False(Decode("a\r\n.", 1).Complete);
        Assert.False(Decode("a\r\n.\r", 1).Complete);
    }

    [Fact]
    public void LineLimitAndSizeLimit_AreDefects_ButTheTerminatorIsStillFound()
    {
        var line = new string('x', 998);
        Assert.Equal(DataDefects.None, Decode(line + "\r\n.\r\n", 7).Defects);
        Assert.Equal(DataDefects.LineTooLong, Decode(line + "x\r\n.\r\n", 7).Defects);
        var big = Decode("0123456789\r\n0123456789\r\n.\r\nQUIT\r\n", 4, maxSize: 12);
        Assert.Equal((DataDefects.TooBig, "0123456789\r\n", "QUIT\r\n"), (big.Defects, big.Content, big.After));
    }

    [Fact]
    public void BdatMode_PassesDotsThrough_AndFlagsATrailingLoneCr()
    {
        var decoder = new DataDecoder(unstuff: false, 1 << 20, 1000);
        var output = new ArrayBufferWriter<byte>();
        decoder.Decode("..\r\n.\r\n"u8, output, out var consumed);
        Assert.Equal(7, consumed);
        Assert.Equal("..\r\n.\r\n", Encoding.ASCII.GetString(output.WrittenSpan));
        decoder.Decode("x\r"u8, output, out _);
        decoder.FinishChunks();
        Assert.Equal(DataDefects.BareLineEnding, decoder.Defects);
    }
}
