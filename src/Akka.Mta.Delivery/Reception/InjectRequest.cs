using System.Text.Json.Nodes;

namespace Akka.Mta.Delivery.Reception;

/// <summary>
/// KumoMTA's <c>POST /api/inject/v1</c> body, checked: <see cref="Parse"/> names the field of the
/// first problem (<c>recipients[2].email: ...</c>) in an <see cref="InjectRequestException"/>.
/// </summary>
public sealed record InjectRequest(
    string EnvelopeSender,
    IReadOnlyList<InjectRecipient> Recipients,
    InjectContent Content,
    IReadOnlyDictionary<string, JsonNode?> Substitutions,
    TemplateDialect Dialect)
{
    public static InjectRequest Parse(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InjectRequestException("body", $"not JSON: {e.Message}");
        }
        if (root is not JsonObject obj)
        {
            throw new InjectRequestException("body", "expected a JSON object");
        }
        var known = new HashSet<string>(StringComparer.Ordinal)
        {
            "envelope_sender", "recipients", "content", "substitutions", "template_dialect",
            "trace_headers", "deferred_spool", "deferred_generation",
        };
        foreach (var (key, _) in obj)
        {
            if (!known.Contains(key))
            {
                throw new InjectRequestException(key, "unknown field");
            }
        }
        var sender = RequiredString(obj, "envelope_sender");
        if (sender.Length > 0 && !Addresses.IsMailbox(sender))
        {
            throw new InjectRequestException("envelope_sender", $"\"{sender}\" is not an email address");
        }
        if (obj["recipients"] is not JsonArray recipients || recipients.Count == 0)
        {
            throw new InjectRequestException("recipients", "expected a non-empty array of {email, name?, substitutions?, metadata?}");
        }
        var parsed = new List<InjectRecipient>(recipients.Count);
        for (var i = 0; i < recipients.Count; i++)
        {
            parsed.Add(InjectRecipient.Parse(recipients[i], $"recipients[{i}]"));
        }
        if (Flag(obj, "deferred_generation") || Flag(obj, "deferred_spool"))
        {
            throw new InjectRequestException(Flag(obj, "deferred_generation") ? "deferred_generation" : "deferred_spool", "not supported: messages are always generated and spooled before the reply");
        }
        return new InjectRequest(
            sender,
            parsed,
            InjectContent.Parse(obj["content"], "content"),
            ObjectMap(obj["substitutions"], "substitutions"),
            ParseDialect(obj["template_dialect"]));
    }

    internal static string RequiredString(JsonObject obj, string field, string? path = null)
    {
        var name = path is null ? field : $"{path}.{field}";
        return obj[field] is JsonValue v && v.TryGetValue<string>(out var s)
            ? s
            : throw new InjectRequestException(name, obj.ContainsKey(field) ? "expected a string" : "required");
    }

    internal static string? OptionalString(JsonObject obj, string field, string path)
    {
        if (obj[field] is null)
        {
            return null;
        }
        return obj[field] is JsonValue v && v.TryGetValue<string>(out var s)
            ? s
            : throw new InjectRequestException($"{path}.{field}", "expected a string");
    }

    internal static IReadOnlyDictionary<string, JsonNode?> ObjectMap(JsonNode? node, string path) => node switch
    {
        null => new Dictionary<string, JsonNode?>(),
        JsonObject o => o.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
        _ => throw new InjectRequestException(path, "expected an object"),
    };

    private static bool Flag(JsonObject obj, string field) => obj[field] switch
    {
        null => false,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        _ => throw new InjectRequestException(field, "expected true or false"),
    };

    private static TemplateDialect ParseDialect(JsonNode? node) => node switch
    {
        null => TemplateDialect.Jinja,
        JsonValue v when v.TryGetValue<string>(out var s) => s switch
        {
            "Jinja" => TemplateDialect.Jinja,
            "Static" => TemplateDialect.Static,
            "Handlebars" => TemplateDialect.Handlebars,
            _ => throw new InjectRequestException("template_dialect", $"\"{s}\" is not one of Jinja, Static, Handlebars"),
        },
        _ => throw new InjectRequestException("template_dialect", "expected a string"),
    };
}

public sealed record InjectRecipient(
    string Email,
    string? Name,
    IReadOnlyDictionary<string, JsonNode?> Substitutions,
    IReadOnlyDictionary<string, JsonNode?> Metadata)
{
    internal static InjectRecipient Parse(JsonNode? node, string path)
    {
        if (node is not JsonObject obj)
        {
            throw new InjectRequestException(path, "expected an object {email, name?, substitutions?, metadata?}");
        }
        foreach (var (key, _) in obj)
        {
            if (key is not ("email" or "name" or "substitutions" or "metadata"))
            {
                throw new InjectRequestException($"{path}.{key}", "unknown field");
            }
        }
        var email = InjectRequest.RequiredString(obj, "email", path);
        if (!Addresses.IsMailbox(email))
        {
            throw new InjectRequestException($"{path}.email", $"\"{email}\" is not an email address");
        }
        return new InjectRecipient(
            email,
            InjectRequest.OptionalString(obj, "name", path),
            InjectRequest.ObjectMap(obj["substitutions"], $"{path}.substitutions"),
            InjectRequest.ObjectMap(obj["metadata"], $"{path}.metadata"));
    }
}

public enum TemplateDialect
{
    Jinja,
    Static,
    Handlebars,
}

/// <summary>A bad inject request: <see cref="Field"/> is the JSON path of the problem.</summary>
public sealed class InjectRequestException(string field, string problem) : Exception($"{field}: {problem}")
{
    public string Field { get; } = field;
}
