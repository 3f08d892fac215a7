using Akka.Mta.Core.Smtp;
using Akka.Mta.Smtp.Client;

namespace Akka.Mta.Smtp.Tests.Client;

public sealed class EhloCapabilitiesTests
{
    [Fact]
    public void Parse_ReadsKeywordsAndParameters_CaseInsensitively()
    {
        var reply = new SmtpResponse(250, null, "mx.example greets you\npipelining\nSIZE 35882577\n8BITMIME\nSTARTTLS\nAUTH LOGIN PLAIN\nSMTPUTF8\nENHANCEDSTATUSCODES\nCHUNKING");
        var capabilities = EhloCapabilities.Parse(reply);
        Assert.True(capabilities.Pipelining);
        Assert.Equal(35882577, capabilities.MaxMessageSize);
        Assert.True(capabilities.EightBitMime && capabilities.StartTls && capabilities.SmtpUtf8 && capabilities.EnhancedStatusCodes && capabilities.Chunking);
        Assert.True(capabilities.SupportsAuth("plain"));
        Assert.False(capabilities.SupportsAuth("CRAM-MD5"));
    }

    [Fact]
    public void Parse_UnderstandsTheOldAuthEqualsForm_AndSizeWithoutLimit()
    {
        var capabilities = EhloCapabilities.Parse(new SmtpResponse(250, null, "mx\nAUTH=PLAIN\nSIZE"));
        Assert.True(capabilities.SupportsAuth("PLAIN"));
        Assert.True(capabilities.Size);
        Assert.Null(capabilities.MaxMessageSize);
    }

    [Fact]
    public void Parse_OfAGreetingOnly_OffersNothing()
    {
        var capabilities = EhloCapabilities.Parse(new SmtpResponse(250, null, "mx.example"));
        Assert.Empty(capabilities.Keywords);
        Assert.False(capabilities.Pipelining);
    }
}
