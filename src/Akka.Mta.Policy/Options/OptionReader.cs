using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Akka.Mta.Policy.Options;

/// <summary>Reads a JSON options object key by key, collecting problems; unknown keys are problems too.</summary>
internal sealed class OptionReader(JsonObject options, string path)
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    public List<string> Problems { get; } = [];

    public JsonNode? Raw(string key)
    {
        _seen.Add(key);
        return options.TryGetPropertyValue(key, out var node) ? node : null;
    }

    public string? String(string key, bool required = false)
    {
        var node = Raw(key);
        if (node is null)
        {
            if (required)
            {
                Problems.Add($"{path}{key}: required");
            }
            return null;
        }
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            return v.GetValue<string>();
        }
        Problems.Add($"{path}{key}: expected a string, got {Describe(node)}");
        return null;
    }

    public long? Integer(string key, long min, long max)
    {
        var node = Raw(key);
        if (node is null)
        {
            return null;
        }
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && long.TryParse(v.ToJsonString(), out var n) && n >= min && n <= max)
        {
            return n;
        }
        Problems.Add($"{path}{key}: expected an integer from {min} to {max}, got {Describe(node)}");
        return null;
    }

    public TimeSpan? Duration(string key)
    {
        var node = Raw(key);
        if (node is null)
        {
            return null;
        }
        if (DurationText.TryParse(node, out var duration))
        {
            return duration;
        }
        Problems.Add($"{path}{key}: expected a duration (seconds, or text such as \"5m\" or \"1 hour\"), got {Describe(node)}");
        return null;
    }

    public IPAddress? Address(string key)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }
        if (IPAddress.TryParse(text, out var address))
        {
            return address;
        }
        Problems.Add($"{path}{key}: \"{text}\" is not an IP address");
        return null;
    }

    public IPEndPoint? EndPoint(string key)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }
        if (IPEndPoint.TryParse(text, out var endpoint) && endpoint.Port != 0)
        {
            return endpoint;
        }
        Problems.Add($"{path}{key}: \"{text}\" is not IP:PORT");
        return null;
    }

    /// <summary>Adds a problem for every key no accessor asked for.</summary>
    public void RejectUnknownKeys()
    {
        foreach (var (key, _) in options)
        {
            if (!_seen.Contains(key))
            {
                Problems.Add($"{path}{key}: unknown option");
            }
        }
    }

    public static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "a table",
        JsonArray => "a list",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => $"\"{v.GetValue<string>()}\"",
            _ => v.ToJsonString(),
        },
        _ => node.ToJsonString(),
    };
}
