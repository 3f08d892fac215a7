using Akka.Mta.Delivery.Reception;

namespace Akka.Mta.Delivery.Tests.Reception;

public sealed class InjectRequestTests
{
    [Fact]
    public void Parses_KumoShapedRequest_WithBuilderContent()
    {
        var request = InjectRequest.Parse("""
            {
              "envelope_sender": "noreply@example.com",
              "recipients": [{"email": "a@example.net", "name": "A", "substitutions": {"x": 1}, "metadata": {"tenant": "t1"}}],
              "content": {"subject": "Hi {{ name }}", "text_body": "t", "html_body": "<p>h</p>",
                          "from": {"email": "news@example.com", "name": "News"}, "headers": {"X-Campaign": "c1"},
                          "attachments": [{"data": "aGVsbG8=", "base64": true, "content_type": "text/plain", "file_name": "h.txt"}]},
              "substitutions": {"g": "v"},
              "template_dialect": "Jinja"
            }
            """);
        Assert.Equal("noreply@example.com", request.EnvelopeSender);
        var builder = Assert.IsType<BuilderContent>(request.Content);
        Assert.Equal("hello", System.Text.Encoding.UTF8.GetString(builder.Attachments[0].Data));
        Assert.Equal("t1", request.Recipients[0].Metadata["tenant"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("not json", "body")]
    [InlineData("[]", "body")]
    [InlineData("""{"recipients":[{"email":"a@b.c"}],"content":"x"}""", "envelope_sender")]
    [InlineData("""{"envelope_sender":"a@b.c","recipients":[],"content":"x"}""", "recipients")]
    [InlineData("""{"envelope_sender":"a@b.c","recipients":[{"email":"a@b.c"},{"email":"nope"}],"content":"x"}""", "recipients[1].email")]
    [InlineData("""{"envelope_sender":"a@b.c","recipients":[{"email":"a@b.c","nmae":"x"}],"content":"x"}""", "recipients[0].nmae")]
    [InlineData("""{"envelope_sender":"a@b.c","recipients":[{"email":"a@b.c"}]}""", "content")]
    [InlineData("""{"envelope_sender":"a@b.c","recipients":[{"email":"a@b.c"}],"content":{"subject":"s"}}""", "content")]
    [InlineData("""{"envelope_sender":"a@b.c","recipients":[{"email":"a@b.c"}],"content":{"text_body":"t","attachments":[{"data":"%%","base64":true,"content_type":"a/b"}]}}""", "content.attachments[0].data")]
    [InlineData("""{"envelope_sender":"a@b.c","recipients":[{"email":"a@b.c"}],"content":"x","template_dialect":"Mustache"}""", "template_dialect")]
    [InlineData("""{"envelope_sender":"a@b.c","recipients":[{"email":"a@b.c"}],"content":"x","colour":1}""", "colour")]
    public void BadInput_NamesTheField(string json, string field)
    {
        var e = Assert.Throws<InjectRequestException>(() => InjectRequest.Parse(json));
        Assert.Equal(field, e.Field);
    }
}
