using Akka.Mta.Core.Smtp;

namespace Akka.Mta.Core.Tests;

public sealed class SmtpResponseTests
{
    [Theory]
    [InlineData("4.7.0", 4, 7, 0)]
    [InlineData("5.1.1", 5, 1, 1)]
    [InlineData("2.0.0", 2, 0, 0)]
    [InlineData("4.123.999", 4, 123, 999)]
    public void EnhancedStatusCode_Parses_ValidCodes(string text, int cls, int subject, int detail)
    {
        Assert.True(EnhancedStatusCode.TryParse(text, out var code));
        Assert.Equal(new EnhancedStatusCode(cls, subject, detail), code);
        Assert.Equal(text, code.Value.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("4.7")]
    [InlineData("3.0.0")]
    [InlineData("4.7.0.1")]
    [InlineData("4.1000.0")]
    [InlineData("4.x.0")]
    [InlineData("4..0")]
    [InlineData("+4.7.0")]
    public void EnhancedStatusCode_Rejects_Malformed(string text)
    {
        Assert.False(EnhancedStatusCode.TryParse(text, out _));
        Assert.Throws<FormatException>(() => EnhancedStatusCode.Parse(text));
    }

    [Fact]
    public void ToSingleLine_JoinsLines_AndIncludesEnhancedCode()
    {
        var response = new SmtpResponse(421, new EnhancedStatusCode(4, 7, 0), "[TS04] Messages from 1.2.3.4\ntemporarily deferred", "RCPT TO");
        Assert.Equal("421 4.7.0 [TS04] Messages from 1.2.3.4 temporarily deferred", response.ToSingleLine());
        Assert.Equal("550 no such user", new SmtpResponse(550, null, "no such user").ToSingleLine());
    }

    [Fact]
    public void Classification_FollowsTheFirstDigit()
    {
        Assert.True(new SmtpResponse(250, null, "ok").IsPositive);
        Assert.True(new SmtpResponse(451, null, "later").IsTransient);
        Assert.True(new SmtpResponse(554, null, "no").IsPermanent);
    }

    [Fact]
    public void Internal_Replies_AreMarked_WithEitherPrefix()
    {
        Assert.True(SmtpResponse.Internal(451, new EnhancedStatusCode(4, 4, 4), "scheduled queue is suspended").IsInternal);
        Assert.True(new SmtpResponse(451, null, "KumoMTA internal: suspended").IsInternal);
        Assert.False(new SmtpResponse(451, null, "greylisted").IsInternal);
    }
}
