using System.Text.Json.Nodes;

namespace Akka.Mta.Delivery.Reception;

/// <summary>The <c>content</c> of an inject request: a complete RFC 5322 message, or the builder form.</summary>
public abstract record InjectContent
{
    internal static InjectContent Parse(JsonNode? node, string path) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var raw) => new RawContent(raw),
        JsonObject o => BuilderContent.Parse(o, path),
        null => throw new InjectRequestException(path, "required: an RFC 5322 message string or a builder object"),
        _ => throw new InjectRequestException(path, "expected an RFC 5322 message string or a builder object"),
    };
}

public sealed record RawContent(string Message) : InjectContent;

public sealed record NamedAddress(string Email, string? Name);

public sealed record InjectAttachment(byte[] Data, string ContentType, string? FileName, string? ContentId);

/// <summary>The builder form: parts and headers the MTA assembles into a MIME message.</summary>
public sealed record BuilderContent(
    string? Subject,
    string? TextBody,
    string? HtmlBody,
    string? AmpHtmlBody,
    NamedAddress? From,
    NamedAddress? ReplyTo,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    IReadOnlyList<InjectAttachment> Attachments) : InjectContent
{
    internal static BuilderContent Parse(JsonObject o, string path)
    {
        foreach (var (key, _) in o)
        {
            if (key is not ("subject" or "text_body" or "html_body" or "amp_html_body" or "from" or "reply_to" or "headers" or "attachments"))
            {
                throw new InjectRequestException($"{path}.{key}", "unknown field");
            }
        }
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in InjectRequest.ObjectMap(o["headers"], $"{path}.headers"))
        {
            if (name.Length == 0 || name.AsSpan().ContainsAny(": \t\r\n"))
            {
                throw new InjectRequestException($"{path}.headers", $"\"{name}\" is not a header name");
            }
            if (value is not JsonValue v || !v.TryGetValue<string>(out var text) || text.AsSpan().ContainsAny('\r', '\n'))
            {
                throw new InjectRequestException($"{path}.headers.{name}", "expected a single-line string");
            }
            headers.Add(new(name, text));
        }
        var content = new BuilderContent(
            InjectRequest.OptionalString(o, "subject", path),
            InjectRequest.OptionalString(o, "text_body", path),
            InjectRequest.OptionalString(o, "html_body", path),
            InjectRequest.OptionalString(o, "amp_html_body", path),
            Address(o["from"], $"{path}.from"),
            Address(o["reply_to"], $"{path}.reply_to"),
            headers,
            ParseAttachments(o["attachments"], $"{path}.attachments"));
        if (content.TextBody is null && content.HtmlBody is null && content.AmpHtmlBody is null && content.Attachments.Count == 0)
        {
            throw new InjectRequestException(path, "the builder needs at least one of text_body, html_body, amp_html_body or attachments");
        }
        return content;
    }

    private static NamedAddress? Address(JsonNode? node, string path)
    {
        if (node is null)
        {
            return null;
        }
        if (node is not JsonObject o)
        {
            throw new InjectRequestException(path, "expected {email, name?}");
        }
        var email = InjectRequest.RequiredString(o, "email", path);
        if (!Addresses.IsMailbox(email))
        {
            throw new InjectRequestException($"{path}.email", $"\"{email}\" is not an email address");
        }
        return new NamedAddress(email, InjectRequest.OptionalString(o, "name", path));
    }

    private static List<InjectAttachment> ParseAttachments(JsonNode? node, string path)
    {
        if (node is null)
        {
            return [];
        }
        if (node is not JsonArray array)
        {
            throw new InjectRequestException(path, "expected an array");
        }
        var list = new List<InjectAttachment>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            var at = $"{path}[{i}]";
            if (array[i] is not JsonObject a)
            {
                throw new InjectRequestException(at, "expected {data, content_type, file_name?, content_id?, base64?}");
            }
            var data = InjectRequest.RequiredString(a, "data", at);
            var isBase64 = a["base64"] switch
            {
                null => false,
                JsonValue v when v.TryGetValue<bool>(out var b) => b,
                _ => throw new InjectRequestException($"{at}.base64", "expected true or false"),
            };
            byte[] bytes;
            try
            {
                bytes = isBase64 ? Convert.FromBase64String(data) : System.Text.Encoding.UTF8.GetBytes(data);
            }
            catch (FormatException)
            {
                throw new InjectRequestException($"{at}.data", "base64 is true but data is not valid base64");
            }
            var contentType = InjectRequest.RequiredString(a, "content_type", at);
            if (!contentType.Contains('/') || contentType.AsSpan().ContainsAny('\r', '\n'))
            {
                throw new InjectRequestException($"{at}.content_type", $"\"{contentType}\" is not a MIME type");
            }
            list.Add(new InjectAttachment(bytes, contentType, InjectRequest.OptionalString(a, "file_name", at), InjectRequest.OptionalString(a, "content_id", at)));
        }
        return list;
    }
}
