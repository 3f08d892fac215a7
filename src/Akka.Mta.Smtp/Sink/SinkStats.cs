using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace Akka.Mta.Smtp.Sink;

/// <summary>
/// The sink's counters, exact under concurrency (interlocked, no sampling). Per-second counts are
/// keyed by the wall-clock second (UTC) the event happened in; the last hour is kept.
/// </summary>
public sealed class SinkStats(TimeProvider time)
{
    private const int KeptSeconds = 3600;

    private readonly ConcurrentDictionary<long, int> _messagesPerSecond = new();
    private readonly ConcurrentDictionary<long, int> _connectionsPerSecond = new();
    private readonly ConcurrentDictionary<int, int> _byReplyCode = new();
    private readonly ConcurrentDictionary<string, int> _byDomain = new(StringComparer.OrdinalIgnoreCase);
    private long _messages;
    private long _recipients;
    private long _connections;
    private int _current;
    private int _peak;

    public long Messages => Interlocked.Read(ref _messages);
    public long Recipients => Interlocked.Read(ref _recipients);
    public long Connections => Interlocked.Read(ref _connections);
    public int CurrentConnections => Volatile.Read(ref _current);
    public int PeakConcurrentConnections => Volatile.Read(ref _peak);

    public IReadOnlyDictionary<int, int> ByReplyCode => _byReplyCode;

    public void ConnectionOpened()
    {
        Interlocked.Increment(ref _connections);
        var now = Interlocked.Increment(ref _current);
        var peak = Volatile.Read(ref _peak);
        while (now > peak)
        {
            var seen = Interlocked.CompareExchange(ref _peak, now, peak);
            if (seen == peak)
            {
                break;
            }
            peak = seen;
        }
        CountPerSecond(_connectionsPerSecond);
    }

    public void ConnectionClosed() => Interlocked.Decrement(ref _current);

    public void RecipientAccepted(string domain)
    {
        Interlocked.Increment(ref _recipients);
        _byDomain.AddOrUpdate(domain, 1, (_, n) => n + 1);
    }

    public void MessageAccepted()
    {
        Interlocked.Increment(ref _messages);
        CountPerSecond(_messagesPerSecond);
    }

    public void Replied(int code) => _byReplyCode.AddOrUpdate(code, 1, (_, n) => n + 1);

    /// <summary>Clears every counter (the current connection count stays, it is a gauge).</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _messages, 0);
        Interlocked.Exchange(ref _recipients, 0);
        Interlocked.Exchange(ref _connections, 0);
        Interlocked.Exchange(ref _peak, Volatile.Read(ref _current));
        _messagesPerSecond.Clear();
        _connectionsPerSecond.Clear();
        _byReplyCode.Clear();
        _byDomain.Clear();
    }

    /// <summary>
    /// <c>{"messages", "recipients", "connections", "current_connections", "peak_concurrent_connections",
    /// "per_second": {"2026-11-23T10:00:01Z": n}, "connections_per_second": {...}, "by_reply_code": {"250": n}, "by_domain": {...}}</c>
    /// </summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("messages", Messages);
            json.WriteNumber("recipients", Recipients);
            json.WriteNumber("connections", Connections);
            json.WriteNumber("current_connections", CurrentConnections);
            json.WriteNumber("peak_concurrent_connections", PeakConcurrentConnections);
            WritePerSecond(json, "per_second", _messagesPerSecond);
            WritePerSecond(json, "connections_per_second", _connectionsPerSecond);
            json.WriteStartObject("by_reply_code");
            foreach (var (code, count) in _byReplyCode.OrderBy(p => p.Key))
            {
                json.WriteNumber(code.ToString(CultureInfo.InvariantCulture), count);
            }
            json.WriteEndObject();
            json.WriteStartObject("by_domain");
            foreach (var (domain, count) in _byDomain.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                json.WriteNumber(domain, count);
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private void CountPerSecond(ConcurrentDictionary<long, int> counts)
    {
        var second = time.GetUtcNow().ToUnixTimeSeconds();
        counts.AddOrUpdate(second, 1, (_, n) => n + 1);
        if (counts.Count > KeptSeconds)
        {
            foreach (var old in counts.Keys.Where(k => k < second - KeptSeconds))
            {
                counts.TryRemove(old, out _);
            }
        }
    }

    private static void WritePerSecond(Utf8JsonWriter json, string name, ConcurrentDictionary<long, int> counts)
    {
        json.WriteStartObject(name);
        foreach (var (second, count) in counts.OrderBy(p => p.Key))
        {
            json.WriteNumber(DateTimeOffset.FromUnixTimeSeconds(second).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), count);
        }
        json.WriteEndObject();
    }
}
