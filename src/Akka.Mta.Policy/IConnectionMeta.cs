using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Akka.Mta.Policy;

/// <summary>
/// The <c>conn_meta</c> object of the smtp_server_* events: metadata of one SMTP session
/// (<c>received_from</c>, <c>received_via</c>, <c>hostname</c> and whatever the policy sets),
/// kept for the whole session.
/// </summary>
public interface IConnectionMeta
{
    bool TryGetMeta(string key, out JsonNode? value);

    void SetMeta(string key, JsonNode? value);
}

/// <summary>Connection metadata held in memory for one SMTP session.</summary>
public sealed class ConnectionMeta : IConnectionMeta
{
    private readonly ConcurrentDictionary<string, JsonNode?> _values = new(StringComparer.Ordinal);

    public ConnectionMeta()
    {
    }

    public ConnectionMeta(IEnumerable<KeyValuePair<string, string>> values)
    {
        foreach (var (key, value) in values)
        {
            _values[key] = JsonValue.Create(value);
        }
    }

    public bool TryGetMeta(string key, out JsonNode? value) => _values.TryGetValue(key, out value);

    public void SetMeta(string key, JsonNode? value) => _values[key] = value?.DeepClone();

    /// <summary>A copy of every key and value.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Snapshot() =>
        _values.ToDictionary(kv => kv.Key, kv => kv.Value?.DeepClone(), StringComparer.Ordinal);
}
