using Akka.Mta.Core.Smtp;
using Akka.Mta.Smtp.Protocol;

namespace Akka.Mta.Smtp.Tests.Protocol;

public sealed class GrammarTests
{
    [Theory]
    [InlineData("<a@b.example>", "a", "b.example", "")]
    [InlineData("<\"john doe\"@b.example> SIZE=1", "\"john doe\"", "b.example", " SIZE=1")]
    [InlineData("<@relay.example,@r2.example:a@b.example>", "a", "b.example", "")]
    [InlineData("<a@[192.0.2.1]>", "a", "[192.0.2.1]", "")]
    [InlineData("<a+tag.x@sub-1.b.example>", "a+tag.x", "sub-1.b.example", "")]
    public void Path_Parses(string text, string local, string domain, string rest)
    {
        Assert.True(PathParser.TryParse(text, out var mailbox, out var after));
        Assert.Equal((local, domain, rest), (mailbox!.LocalPart, mailbox.Domain, after.ToString()));
    }

    [Theory]
    [InlineData("a@b.example")]
    [InlineData("<a@b.example")]
    [InlineData("<a.@b.example>")]
    [InlineData("<a b@b.example>")]
    [InlineData("<a@b..example>")]
    [InlineData("<a@>")]
    [InlineData("<@b.example>")]
    [InlineData("<a@[1.2.3]>")]
    [InlineData("<a@b.example->")]
    public void Path_Rejects(string text) => Assert.False(PathParser.TryParse(text, out _, out _));

    [Fact]
    public void NullPath_HasNoMailbox()
    {
        Assert.True(PathParser.TryParse("<> BODY=8BITMIME", out var mailbox, out var rest));
        Assert.Null(mailbox);
        Assert.Equal(" BODY=8BITMIME", rest.ToString());
    }

    [Fact]
    public void QuotedLocalPart_Unquotes()
    {
        Assert.Equal("john \"q\" doe", new Mailbox("\"john \\\"q\\\" doe\"", "x").UnquotedLocalPart);
    }

    [Theory]
    [InlineData("ehlo x.example", SmtpVerb.Ehlo)]
    [InlineData("Mail From:<a@b.c>", SmtpVerb.Mail)]
    [InlineData("starttls", SmtpVerb.StartTls)]
    [InlineData("BDAT 10 last", SmtpVerb.Bdat)]
    [InlineData("XCLIENT foo", SmtpVerb.Unknown)]
    public void Verb_IsCaseInsensitive(string line, SmtpVerb verb) => Assert.Equal(verb, SmtpCommandParser.Parse(line).Verb);

    [Fact]
    public void MailParameters_AreParsed()
    {
        var mail = Assert.IsType<MailCommand>(SmtpCommandParser.Parse("MAIL FROM:<a@b.example> size=1234 body=8bitmime SMTPUTF8 AUTH=<>"));
        Assert.Equal((1234L, BodyType.EightBitMime, true), (mail.Size, mail.Body, mail.SmtpUtf8));
        Assert.Equal(["SIZE", "BODY", "SMTPUTF8", "AUTH"], mail.Parameters.Select(p => p.Keyword));
    }

    [Fact]
    public void StateTable_AllowsTheUsualOrder_AndNamesWhatIsMissing()
    {
        var state = SessionState.Connected;
        foreach (var (verb, expected) in new[] { (SmtpVerb.Ehlo, SessionState.Greeted), (SmtpVerb.Mail, SessionState.MailGiven), (SmtpVerb.Rcpt, SessionState.RcptGiven), (SmtpVerb.Data, SessionState.Greeted) })
        {
            Assert.True(SessionStateTable.TryGetTransition(state, verb, out state));
            Assert.Equal(expected, state);
        }
        Assert.False(SessionStateTable.TryGetTransition(SessionState.Chunking, SmtpVerb.Data, out _));
        Assert.Same(SmtpReplies.DataAfterBdat, SessionStateTable.OutOfSequence(SessionState.Chunking, SmtpVerb.Data));
        Assert.Same(SmtpReplies.NeedRcpt, SessionStateTable.OutOfSequence(SessionState.MailGiven, SmtpVerb.Data));
        foreach (var s in Enum.GetValues<SessionState>())
        {
            Assert.True(SessionStateTable.TryGetTransition(s, SmtpVerb.Quit, out _), $"QUIT must be allowed in {s}");
        }
    }

    [Fact]
    public void ReplyWriter_PutsTheEnhancedCodeOnEveryLine_AndStripsControlCharacters()
    {
        var reply = new SmtpResponse(451, EnhancedStatusCode.Parse("4.7.0"), "first\nsecond\u0007line");
        Assert.Equal("451-4.7.0 first\r\n451 4.7.0 second line\r\n", ReplyWriter.Format(reply));
        Assert.Equal("334 \r\n", ReplyWriter.Format(SmtpReplies.AuthContinue));
    }
}
