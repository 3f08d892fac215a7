using System.Buffers;
using System.Text;
using Akka.Mta.Smtp.Protocol;

namespace Akka.Mta.Smtp.Tests.Protocol;

public sealed class CommandLineReaderTests
{
    private static (LineStatus Status, string Line, long Consumed) Read(string text, int max = 64)
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(text));
        var status = CommandLineReader.TryReadLine(buffer, max, out var line, out var consumed);
        return (status, Encoding.ASCII.GetString(line.ToArray()), buffer.Slice(0, consumed).Length);
    }

    [Theory]
    [InlineData("NOOP\r\nQUIT\r\n", LineStatus.Line, "NOOP", 6)]
    [InlineData("NOOP", LineStatus.NeedMore, "", 0)]
    [InlineData("NOOP\r", LineStatus.NeedMore, "", 0)]
    [InlineData("NOOP\nQUIT\r\n", LineStatus.BareLineEnding, "", 5)]
    [InlineData("NO\rOP\r\nQUIT\r\n", LineStatus.BareLineEnding, "", 7)]
    [InlineData("NO\0OP\r\n", LineStatus.Nul, "NO\0OP", 7)]
    [InlineData("\r\n", LineStatus.Line, "", 2)]
    public void FindsTheFirstLine(string text, LineStatus status, string line, long consumed)
    {
        var result = Read(text);
        Assert.Equal((status, line, consumed), result);
    }

    [Fact]
    public void LineLongerThanTheLimit_IsTooLong_OrTooLongSoFarWithoutItsEnd()
    {
        Assert.Equal(LineStatus.Line, Read(new string('a', 62) + "\r\n").Status);
        Assert.Equal((LineStatus.TooLong, 65L), (Read(new string('a', 63) + "\r\n").Status, Read(new string('a', 63) + "\r\n").Consumed));
        Assert.Equal((LineStatus.TooLongSoFar, 64L), (Read(new string('a', 64)).Status, Read(new string('a', 64)).Consumed));
        Assert.Equal(LineStatus.NeedMore, Read(new string('a', 63)).Status);
    }

    [Fact]
    public void SkipToLineEnd_ConsumesThroughTheLf()
    {
        var buffer = new ReadOnlySequence<byte>("xxx\r\nNOOP\r\n"u8.ToArray());
        Assert.True(CommandLineReader.TrySkipToLineEnd(buffer, out var consumed));
        Assert.Equal(5, buffer.Slice(0, consumed).Length);
        Assert.False(CommandLineReader.TrySkipToLineEnd(new ReadOnlySequence<byte>("xxx"u8.ToArray()), out _));
    }

    [Fact]
    public void LineSplitOverSegments_IsFoundWhole()
    {
        var first = new Segment("MAIL FROM:<a@"u8.ToArray(), 0);
        var last = first.Append("b.example>\r"u8.ToArray()).Append("\nRSET"u8.ToArray());
        var buffer = new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
        Assert.Equal(LineStatus.Line, CommandLineReader.TryReadLine(buffer, 512, out var line, out var consumed));
        Assert.Equal("MAIL FROM:<a@b.example>", Encoding.ASCII.GetString(line.ToArray()));
        Assert.Equal("RSET", Encoding.ASCII.GetString(buffer.Slice(consumed).ToArray()));
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes, long index)
        {
            Memory = bytes;
            RunningIndex = index;
        }

        public Segment Append(byte[] bytes)
        {
            var next = new Segment(bytes, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
