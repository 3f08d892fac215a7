namespace Akka.Mta.Dns.Tests;

public sealed class DomainNameTests
{
    [Theory]
    [InlineData("mx1.example.test", "mx1.example.test")]
    [InlineData(" MX1.Example.TEST. ", "mx1.example.test")]
    [InlineData("_dmarc.example.test", "_dmarc.example.test")]
    [InlineData("bücher.example", "xn--bcher-kva.example")]
    [InlineData("BÜCHER.example.", "xn--bcher-kva.example")]
    public void TryNormalize_GivesLowercaseAscii(string input, string expected)
    {
        Assert.True(DomainName.TryNormalize(input, out var ascii, out var error), error);
        Assert.Equal(expected, ascii);
    }

    [Theory]
    [InlineData("", "not a domain name")]
    [InlineData(".", "not a domain name")]
    [InlineData("a..example", "empty label")]
    [InlineData("has space.example", "U+0020")]
    [InlineData("xn--bcher-kva\u0000.example", "U+0000")]
    public void TryNormalize_RejectsWhatCannotBeQueried(string input, string reason)
    {
        Assert.False(DomainName.TryNormalize(input, out _, out var error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void TryNormalize_RejectsLabelsOver63_EvenWhenOtherwisePlain()
    {
        Assert.False(DomainName.TryNormalize(new string('a', 64) + ".example", out _, out var error));
        Assert.Contains("label longer than 63", error);
    }
}
