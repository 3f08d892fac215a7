using System.Text;
using Akka.Mta.Delivery.Reception;
using Akka.Mta.Testing.SmtpServer;

namespace Akka.Mta.Delivery.Tests.Reception;

/// <summary>Built messages are read back by Python's email package, an independent MIME parser.</summary>
public sealed class MessageBuilderTests
{
    private const string Python = "/usr/bin/python3";

    private static async Task<string> ParseWithPython(byte[] message)
    {
        var script = """
            import sys, email
            from email import policy
            msg = email.message_from_bytes(sys.stdin.buffer.read(), policy=policy.default)
            print("subject=" + str(msg["subject"]))
            print("to=" + str(msg["to"]))
            print("from=" + str(msg["from"]))
            print("defects=" + str(len(msg.defects)))
            for part in msg.walk():
                if part.is_multipart():
                    print("multipart=" + part.get_content_type())
                    continue
                body = part.get_content()
                if isinstance(body, bytes):
                    body = body.decode("utf-8")
                print("part=" + part.get_content_type() + "|" + str(part.get_filename()) + "|" + body.replace("\r\n", "\n").replace("\n", "\\n") + "|defects=" + str(len(part.defects)))
            """;
        var run = await PeerProcess.RunAsync(Python, ["-c", script], input: Encoding.UTF8.GetString(message));
        Assert.True(run.ExitCode == 0, run.All);
        return run.Output;
    }

    private static byte[] Build(BuilderContent content) =>
        MessageBuilder.Build(content, "bounce@example.com", new NamedAddress("ann@example.net", "Ann Ó"), "id1@mta.example", new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task TextAndHtml_AreAlternatives_DecodedExactly()
    {
        var text = "Grüße, a long line " + new string('x', 120) + " =end\nsecond line  ";
        var parsed = await ParseWithPython(Build(new BuilderContent("Привет — hello", text, "<p>hi</p>", null, new NamedAddress("news@example.com", "News, Inc."), null, [], [])));
        Assert.Contains("subject=Привет — hello", parsed);
        Assert.Contains("to=Ann Ó <ann@example.net>", parsed);
        Assert.Contains("from=\"News, Inc.\" <news@example.com>", parsed);
        Assert.Contains("defects=0", parsed);
        Assert.Contains("multipart=multipart/alternative", parsed);
        Assert.Contains("part=text/plain|None|" + text.Replace("\n", "\\n") + "\\n|defects=0", parsed);
        Assert.Contains("part=text/html|None|<p>hi</p>\\n|defects=0", parsed);
    }

    [Fact]
    public async Task Attachments_AreMixed_AndBase64()
    {
        var attachment = new InjectAttachment(Encoding.UTF8.GetBytes("report body"), "text/csv", "report.csv", null);
        var parsed = await ParseWithPython(Build(new BuilderContent("s", "body", null, null, null, null, [new("X-Tenant", "t1")], [attachment])));
        Assert.Contains("multipart=multipart/mixed", parsed);
        Assert.Contains("part=text/plain|None|body\\n|defects=0", parsed);
        Assert.Contains("part=text/csv|report.csv|report body|defects=0", parsed);
    }

    [Fact]
    public void Headers_IncludeDateMessageIdAndCustomOnes()
    {
        var text = Encoding.UTF8.GetString(Build(new BuilderContent("s", "b", null, null, null, null, [new("X-Tenant", "t1")], [])));
        Assert.Contains("Message-ID: <id1@mta.example>\r\n", text);
        Assert.Contains("Date: Mon, 23 Nov 2026 10:00:00 +0000\r\n", text);
        Assert.Contains("X-Tenant: t1\r\n", text);
        Assert.Contains("From: bounce@example.com\r\n", text);
        Assert.DoesNotContain("\n\n", text.Replace("\r\n", "\r"));
    }
}
