using System.Security.Cryptography;
using System.Text;

namespace Akka.Mta.Dkim.Tests;

/// <summary>The canonical forms themselves, against the examples of RFC 6376 3.4.5 and the wire rules.</summary>
public sealed class CanonicalizationTests
{
    private const string Rfc6376Example = "A: X\r\nB : Y\t\r\n Z  \r\n\r\n C \r\nD \t E\r\n\r\n\r\n";

    [Fact]
    public void Rfc6376Example_Relaxed_MatchesTheRfc()
    {
        var message = Encoding.ASCII.GetBytes(Rfc6376Example);
        var section = HeaderSection.Parse(message);

        Assert.Equal("a:X\r\nb:Y Z\r\n", Headers(message, section, DkimCanonicalization.Relaxed));
        Assert.Equal(Sha(" C\r\nD E\r\n"), BodyHash(message[section.BodyStart..], DkimCanonicalization.Relaxed));
    }

    [Fact]
    public void Rfc6376Example_Simple_MatchesTheRfc()
    {
        var message = Encoding.ASCII.GetBytes(Rfc6376Example);
        var section = HeaderSection.Parse(message);

        Assert.Equal("A: X\r\nB : Y\t\r\n Z  \r\n", Headers(message, section, DkimCanonicalization.Simple));
        Assert.Equal(Sha(" C \r\nD \t E\r\n"), BodyHash(message[section.BodyStart..], DkimCanonicalization.Simple));
    }

    [Theory]
    [InlineData(DkimCanonicalization.Simple, "\r\n")]
    [InlineData(DkimCanonicalization.Relaxed, "")]
    public void EmptyBody_IsOneCrLfForSimple_AndNothingForRelaxed(DkimCanonicalization mode, string canonical)
    {
        Assert.Equal(Sha(canonical), BodyHash([], mode));
        Assert.Equal(Sha(canonical), BodyHash("\r\n\r\n"u8.ToArray(), mode));
    }

    [Theory]
    [InlineData(DkimCanonicalization.Simple)]
    [InlineData(DkimCanonicalization.Relaxed)]
    public void BareLf_BareCr_AndAMissingFinalLineBreak_HashAsTheCrLfTheWireCarries(DkimCanonicalization mode)
    {
        // The SMTP client's DATA encoder writes every line break as CRLF and ends the last line.
        var wire = BodyHash("one\r\ntwo \r\n\r\nthree\r\n"u8.ToArray(), mode);

        Assert.Equal(wire, BodyHash("one\ntwo \n\nthree"u8.ToArray(), mode));
        Assert.Equal(wire, BodyHash("one\rtwo \r\n\nthree\r"u8.ToArray(), mode));
    }

    [Fact]
    public void SimpleBody_KeepsWhitespace_ButCutsTrailingEmptyLines()
    {
        Assert.Equal(Sha(" a  \r\n\tb\r\n"), BodyHash(" a  \r\n\tb\r\n\r\n\r\n"u8.ToArray(), DkimCanonicalization.Simple));
        Assert.Equal(Sha(" a  \r\n\tb\r\n \r\n"), BodyHash(" a  \r\n\tb\r\n \r\n\r\n"u8.ToArray(), DkimCanonicalization.Simple));
    }

    [Fact]
    public void RelaxedBody_DropsLinesOfOnlyWhitespaceAtTheEnd_ButKeepsThemInside()
    {
        Assert.Equal(Sha("a\r\n\r\nb\r\n"), BodyHash("a\r\n \t \r\nb \r\n \r\n\t\r\n"u8.ToArray(), DkimCanonicalization.Relaxed));
    }

    [Fact]
    public void RelaxedBody_OfOneMegabyteLine_IsHashedWithoutLineBreaks()
    {
        var line = new string('x', 1024 * 1024) + "   " + new string('y', 10);
        Assert.Equal(Sha(new string('x', 1024 * 1024) + " " + new string('y', 10) + "\r\n"), BodyHash(Encoding.ASCII.GetBytes(line), DkimCanonicalization.Relaxed));
    }

    [Fact]
    public void HeaderSection_EndsAtALineThatIsNoField_AndTheRestIsBody()
    {
        var message = "From: a@example.test\r\nthis is not a header\r\nmore\r\n"u8.ToArray();
        var section = HeaderSection.Parse(message);

        Assert.Single(section.Fields);
        Assert.Equal("this is not a header\r\nmore\r\n", Encoding.ASCII.GetString(message[section.BodyStart..]));
    }

    [Fact]
    public void RelaxedHeader_UnfoldsBareLfContinuations_AndLowercasesOnlyTheName()
    {
        var message = "SUBJECT:  Mixed\n\tCase  Value \n\n"u8.ToArray();
        Assert.Equal("subject:Mixed Case Value\r\n", Headers(message, HeaderSection.Parse(message), DkimCanonicalization.Relaxed));
        Assert.Equal("SUBJECT:  Mixed\r\n\tCase  Value \r\n", Headers(message, HeaderSection.Parse(message), DkimCanonicalization.Simple));
    }

    [Fact]
    public void RandomBodies_HashAsAPlainReadingOfTheRfcDoes()
    {
        var random = new Random(6376);
        var pieces = new[] { "a", "word", " ", "  ", "\t", " \t ", "\r\n", "\n", "\r", "\r\n\r\n", ".", "é" };
        for (var n = 0; n < 500; n++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(0, 60)).Select(_ => pieces[random.Next(pieces.Length)]));
            var bytes = Encoding.UTF8.GetBytes(text);
            foreach (var mode in new[] { DkimCanonicalization.Simple, DkimCanonicalization.Relaxed })
            {
                Assert.True(Reference(text, mode) == BodyHash(bytes, mode), $"{mode} body {System.Text.Json.JsonSerializer.Serialize(text)}");
            }
        }
    }

    /// <summary>RFC 6376 3.4.3/3.4.4 read literally, over the lines the wire carries.</summary>
    private static string Reference(string body, DkimCanonicalization mode)
    {
        var lines = System.Text.RegularExpressions.Regex.Split(body, "\r\n|\r|\n").ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1); // the break after the last line, not an empty line
        }
        if (mode == DkimCanonicalization.Relaxed)
        {
            lines = lines.Select(l => System.Text.RegularExpressions.Regex.Replace(l, "[ \t]+", " ").TrimEnd(' ')).ToList();
        }
        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }
        var canonical = string.Concat(lines.Select(l => l + "\r\n"));
        if (mode == DkimCanonicalization.Simple && canonical.Length == 0)
        {
            canonical = "\r\n";
        }
        return Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static string Headers(byte[] message, HeaderSection section, DkimCanonicalization mode)
    {
        var text = new StringBuilder();
        foreach (var field in section.Fields)
        {
            text.Append(Canonical(sink => Canonicalizer.Header(message, field, mode, sink)));
        }
        return text.ToString();
    }

    private static string Canonical(Action<HashSink> write)
    {
        var copy = new MemoryStream();
        using var sink = new HashSink { Copy = copy };
        write(sink);
        return Encoding.ASCII.GetString(copy.ToArray());
    }

    private static string BodyHash(byte[] body, DkimCanonicalization mode)
    {
        using var sink = new HashSink();
        Canonicalizer.Body(body, mode, sink);
        var digest = new byte[32];
        sink.Finish(digest);
        return Convert.ToBase64String(digest);
    }

    private static string Sha(string text) => Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(text)));
}
