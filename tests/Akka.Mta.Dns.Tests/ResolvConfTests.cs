using System.Net;

namespace Akka.Mta.Dns.Tests;

public sealed class ResolvConfTests
{
    [Fact]
    public void Parse_ReadsNameserversAndOptions()
    {
        var options = ResolvConf.Parse("""
            # comment
            search example.com
            nameserver 192.0.2.53
            nameserver ::1
            nameserver 127.0.0.1:5353
            ; another comment
            options ndots:2 timeout:3 attempts:4 rotate edns0
            options use-vc
            """, "resolv.conf");

        Assert.Equal([new IPEndPoint(IPAddress.Parse("192.0.2.53"), 53), new IPEndPoint(IPAddress.IPv6Loopback, 53), new IPEndPoint(IPAddress.Loopback, 5353)],
            options.Servers);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Timeout);
        Assert.Equal(4, options.Attempts);
        Assert.True(options.Rotate);
        Assert.True(options.UseTcp);
    }

    [Fact]
    public void Parse_WithoutNameservers_UsesLocalhost()
    {
        var options = ResolvConf.Parse("search example.com\n", "resolv.conf");

        Assert.Equal([new IPEndPoint(IPAddress.Loopback, 53)], options.Servers);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Timeout);
        Assert.Equal(2, options.Attempts);
    }

    [Fact]
    public void Parse_ClampsOptionsAsGlibcDoes()
    {
        var options = ResolvConf.Parse("options timeout:99 attempts:0\n", "r");

        Assert.Equal(TimeSpan.FromSeconds(30), options.Timeout);
        Assert.Equal(1, options.Attempts);
    }

    [Theory]
    [InlineData("nameserver not-an-ip\n", "r:1: nameserver \"not-an-ip\"")]
    [InlineData("\nnameserver\n", "r:2: nameserver without an address")]
    [InlineData("options timeout:x\n", "r:1: option \"timeout:x\" needs a number")]
    public void Parse_BadLine_NamesFileAndLine(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => ResolvConf.Parse(text, "r"));

        Assert.StartsWith(expected, error.Message);
    }

    [Fact]
    public void Load_ReadsAFile()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "nameserver 127.0.0.2\n");
            Assert.Equal(IPAddress.Parse("127.0.0.2"), ResolvConf.Load(path).Servers.Single().Address);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
