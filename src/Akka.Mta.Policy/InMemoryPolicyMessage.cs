using System.Text;
using System.Text.Json.Nodes;

namespace Akka.Mta.Policy;

/// <summary>
/// An <see cref="IPolicyMessage"/> held in memory: envelope, header fields and metadata. Used by
/// <c>policy check</c> for its sample message, by tests and benchmarks; the MTA implements the
/// interface over its spooled message instead.
/// </summary>
public sealed class InMemoryPolicyMessage(string id, string sender, string recipient) : IPolicyMessage
{
    private readonly List<KeyValuePair<string, string>> _headers = [];
    private readonly Dictionary<string, JsonNode?> _meta = new(StringComparer.Ordinal);
    private readonly List<string> _prepended = [];
    private readonly List<string> _appended = [];
    private string _content = string.Empty;
    private int _headerEnd;

    public string Id { get; } = id;

    public string Sender { get; } = sender;

    public string Recipient { get; } = recipient;

    /// <summary>The header fields in order, values unfolded.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers => _headers;

    public IReadOnlyDictionary<string, JsonNode?> Meta => _meta;

    /// <summary>
    /// Reads the header section of RFC 5322 <paramref name="content"/> (up to the first empty
    /// line): one field per <c>name: value</c>, continuation lines unfolded.
    /// </summary>
    public static InMemoryPolicyMessage FromContent(string id, string sender, string recipient, string content)
    {
        var message = new InMemoryPolicyMessage(id, sender, recipient) { _content = content, _headerEnd = content.Length };
        string? name = null;
        var value = new StringBuilder();
        var offset = 0;
        foreach (var rawLine in content.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0)
            {
                message._headerEnd = Math.Min(offset, content.Length);
                break;
            }
            offset += rawLine.Length + 1;
            if (line[0] is ' ' or '\t')
            {
                if (name is not null)
                {
                    value.Append(line);
                }
                continue;
            }
            if (name is not null)
            {
                message._headers.Add(new(name, value.ToString().Trim()));
            }
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                throw new FormatException($"message {id}: header line \"{line}\" has no field name");
            }
            name = line[..colon];
            value.Clear().Append(line, colon + 1, line.Length - colon - 1);
        }
        if (name is not null)
        {
            message._headers.Add(new(name, value.ToString().Trim()));
        }
        return message;
    }

    public bool TryGetMeta(string key, out JsonNode? value) => _meta.TryGetValue(key, out value);

    public void SetMeta(string key, JsonNode? value) => _meta[key] = value;

    public string? GetFirstHeaderValue(string name)
    {
        foreach (var (key, value) in _headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }
        return null;
    }

    public void AppendHeader(string name, string value)
    {
        _headers.Add(new(name, value));
        _appended.Add($"{name}: {value}\r\n");
    }

    /// <summary>The message as it would be stored: signatures in front, appended headers at the end of the header section.</summary>
    public string Content => string.Concat(_prepended) + _content[.._headerEnd] + string.Concat(_appended) + _content[_headerEnd..];

    public void DkimSign(Akka.Mta.Dkim.DkimSigner signer, DateTimeOffset now)
    {
        var field = signer.Sign(Encoding.UTF8.GetBytes(Content), now);
        _prepended.Insert(0, field);
        var colon = field.IndexOf(':');
        _headers.Insert(0, new(field[..colon], field[(colon + 1)..].Replace("\r\n", string.Empty).Trim()));
    }
}
