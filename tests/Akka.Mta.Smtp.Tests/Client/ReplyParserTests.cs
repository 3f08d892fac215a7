using System.Buffers;
using System.Text;
using Akka.Mta.Core.Smtp;
using Akka.Mta.Smtp.Client;

namespace Akka.Mta.Smtp.Tests.Client;

public sealed class ReplyParserTests
{
    [Fact]
    public void SingleLine_WithEnhancedCode_IsSplitIntoItsParts()
    {
        var reply = ParseOne("250 2.1.0 Sender ok\r\n");
        Assert.Equal(new SmtpResponse(250, new EnhancedStatusCode(2, 1, 0), "Sender ok"), reply);
    }

    [Fact]
    public void MultiLine_JoinsTextWithNewlines_AndStripsTheRepeatedEnhancedCode()
    {
        var reply = ParseOne(
            "550-5.7.26 This mail has been blocked because the sender is\r\n" +
            "550-5.7.26 unauthenticated.\r\n" +
            "550 5.7.26 https://support.example/answer\r\n");
        Assert.Equal(550, reply.Code);
        Assert.Equal(new EnhancedStatusCode(5, 7, 26), reply.Enhanced);
        Assert.Equal("This mail has been blocked because the sender is\nunauthenticated.\nhttps://support.example/answer", reply.Content);
        Assert.Equal("550 5.7.26 This mail has been blocked because the sender is unauthenticated. https://support.example/answer", reply.ToSingleLine());
    }

    [Theory]
    [InlineData("250 OK\r\n", 250, null, "OK")]
    [InlineData("250\r\n", 250, null, "")]
    [InlineData("354 End data with <CR><LF>.<CR><LF>\n", 354, null, "End data with <CR><LF>.<CR><LF>")]
    [InlineData("451 5.7.1 class does not match the code\r\n", 451, null, "5.7.1 class does not match the code")]
    [InlineData("421 4.7.0\r\n", 421, "4.7.0", "")]
    [InlineData("250 2.0.0.1 not an enhanced code\r\n", 250, null, "2.0.0.1 not an enhanced code")]
    [InlineData("220 mx.example ESMTP\tready\r\n", 220, null, "mx.example ESMTP ready")]
    public void Lines_AreParsed_Leniently(string wire, int code, string? enhanced, string content)
    {
        var reply = ParseOne(wire);
        Assert.Equal(code, reply.Code);
        Assert.Equal(enhanced, reply.Enhanced?.ToString());
        Assert.Equal(content, reply.Content);
    }

    [Fact]
    public void ControlCharacters_AndInvalidUtf8_AreReplaced_NotThrown()
    {
        var bytes = "250 a"u8.ToArray().Concat(new byte[] { 0, 0xff, 0xfe }).Concat("b\r\n"u8.ToArray()).ToArray();
        var reply = ParseOne(bytes);
        Assert.Equal(250, reply.Code);
        Assert.StartsWith("a", reply.Content);
        Assert.EndsWith("b", reply.Content);
        Assert.DoesNotContain('\0', reply.Content);
    }

    [Fact]
    public void ByteByByte_ReturnsFalse_UntilTheLastLineEnds()
    {
        var wire = Encoding.ASCII.GetBytes("250-mx.example\r\n250-PIPELINING\r\n250 SIZE 1000\r\n");
        var parser = new SmtpReplyParser();
        var pending = new List<byte>();
        SmtpResponse? reply = null;
        for (var i = 0; i < wire.Length; i++)
        {
            pending.Add(wire[i]);
            var buffer = new ReadOnlySequence<byte>(pending.ToArray());
            var done = parser.TryParse(ref buffer, out reply);
            pending = [.. buffer.ToArray()];
            Assert.Equal(i == wire.Length - 1, done);
        }
        Assert.Equal("mx.example\nPIPELINING\nSIZE 1000", reply!.Content);
        Assert.Empty(pending);
    }

    [Fact]
    public void SegmentedSequence_IsParsedLikeAContiguousOne()
    {
        var wire = Encoding.ASCII.GetBytes("250-2.0.0 first line\r\n250 2.0.0 second line\r\n");
        for (var split = 1; split < wire.Length; split++)
        {
            var buffer = Segments.Of(wire[..split], wire[split..]);
            Assert.True(new SmtpReplyParser().TryParse(ref buffer, out var reply), $"split at {split}");
            Assert.Equal("first line\nsecond line", reply.Content);
            Assert.True(buffer.IsEmpty);
        }
    }

    [Fact]
    public void TwoReplies_InOneBuffer_AreReturnedOneAtATime()
    {
        var buffer = new ReadOnlySequence<byte>("250 ok\r\n354 go on\r\n"u8.ToArray());
        var parser = new SmtpReplyParser();
        Assert.True(parser.TryParse(ref buffer, out var first));
        Assert.True(parser.TryParse(ref buffer, out var second));
        Assert.False(parser.TryParse(ref buffer, out _));
        Assert.Equal((250, 354), (first.Code, second.Code));
    }

    [Theory]
    [InlineData("HTTP/1.1 400 Bad Request\r\n", "expected a reply code")]
    [InlineData("25 short\r\n", "expected a reply code")]
    [InlineData("2500 four digits\r\n", "expected ' ' or '-'")]
    [InlineData("650 out of range\r\n", "expected a reply code")]
    [InlineData("150 preliminary\r\n", "expected a reply code")]
    [InlineData("250-first\r\n251 second\r\n", "changed its code from 250 to 251")]
    [InlineData("\r\n", "expected a reply code")]
    [InlineData("250_underscore\r\n", "expected ' ' or '-'")]
    public void Garbage_IsAProtocolError_NamingWhatWasWrong(string wire, string expected)
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(wire));
        var error = Assert.Throws<SmtpProtocolException>(() => new SmtpReplyParser().TryParse(ref buffer, out _));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void OverlongLine_WithoutALineEnd_IsRefused_BeforeItGrowsWithoutBound()
    {
        var parser = new SmtpReplyParser(maxLineLength: 512);
        var buffer = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("250 " + new string('x', 600)));
        var error = Assert.Throws<SmtpProtocolException>(() => parser.TryParse(ref buffer, out _));
        Assert.Contains("longer than 512 bytes", error.Message);
    }

    [Fact]
    public void OverlongLine_WithALineEnd_IsRefused()
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("250 " + new string('x', 600) + "\r\n"));
        Assert.Throws<SmtpProtocolException>(() => new SmtpReplyParser(maxLineLength: 512).TryParse(ref buffer, out _));
    }

    [Fact]
    public void EndlessMultiLineReply_IsRefused_AtTheLineLimit()
    {
        var wire = string.Concat(Enumerable.Repeat("250-more\r\n", 20));
        var buffer = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(wire));
        var error = Assert.Throws<SmtpProtocolException>(() => new SmtpReplyParser(maxLines: 10).TryParse(ref buffer, out _));
        Assert.Contains("more than 10 lines", error.Message);
    }

    [Fact]
    public void RandomBytes_NeverThrowAnythingButAProtocolError()
    {
        var random = new Random(5321);
        var alphabet = "0123452- \r\n.x"u8.ToArray();
        for (var round = 0; round < 3000; round++)
        {
            var bytes = new byte[random.Next(1, 64)];
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = round % 2 == 0 ? alphabet[random.Next(alphabet.Length)] : (byte)random.Next(256);
            }
            var parser = new SmtpReplyParser(maxLineLength: 32, maxLines: 4);
            var buffer = new ReadOnlySequence<byte>(bytes);
            try
            {
                while (parser.TryParse(ref buffer, out var reply))
                {
                    Assert.InRange(reply.Code, 200, 599);
                }
                Assert.True(buffer.Length <= 32, "unconsumed bytes stay within one line's bound");
            }
            catch (SmtpProtocolException)
            {
                // the only failure allowed
            }
        }
    }

    private static SmtpResponse ParseOne(string wire) => ParseOne(Encoding.UTF8.GetBytes(wire));

    private static SmtpResponse ParseOne(byte[] wire)
    {
        var buffer = new ReadOnlySequence<byte>(wire);
        Assert.True(new SmtpReplyParser().TryParse(ref buffer, out var reply));
        Assert.True(buffer.IsEmpty, "the whole reply is consumed");
        return reply;
    }
}
