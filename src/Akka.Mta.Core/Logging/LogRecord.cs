using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Mta.Core.Smtp;

namespace Akka.Mta.Core.Logging;

/// <summary>
/// One delivery log record: a JSON object per line with KumoMTA's field names, written to the log
/// files and published to the TSA. <see cref="Site"/> is the egress path
/// (<c>source-&gt;site@smtp_client</c>) for delivery-side records.
/// </summary>
public sealed record LogRecord
{
    [JsonPropertyName("type")] public required LogRecordType Type { get; init; }
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("sender")] public required string Sender { get; init; }
    [JsonPropertyName("recipient")] public required string Recipient { get; init; }
    [JsonPropertyName("queue")] public required string Queue { get; init; }
    [JsonPropertyName("site")] public string Site { get; init; } = "";
    [JsonPropertyName("size")] public long Size { get; init; }
    [JsonPropertyName("response")] public required LogResponse Response { get; init; }
    [JsonPropertyName("peer_address")] public PeerAddress? PeerAddress { get; init; }
    [JsonPropertyName("timestamp")] public long Timestamp => EventTime.ToUnixTimeSeconds();
    [JsonPropertyName("event_time")] public required DateTimeOffset EventTime { get; init; }
    [JsonPropertyName("created")] public long Created => CreatedTime.ToUnixTimeSeconds();
    [JsonPropertyName("created_time")] public required DateTimeOffset CreatedTime { get; init; }
    [JsonPropertyName("num_attempts")] public int NumAttempts { get; init; }
    [JsonPropertyName("bounce_classification")] public string BounceClassification { get; init; } = "Uncategorized";
    [JsonPropertyName("egress_pool")] public string? EgressPool { get; init; }
    [JsonPropertyName("egress_source")] public string? EgressSource { get; init; }
    [JsonPropertyName("source_address")] public SourceAddress? SourceAddress { get; init; }
    [JsonPropertyName("feedback_report")] public JsonElement? FeedbackReport { get; init; }
    [JsonPropertyName("meta")] public IReadOnlyDictionary<string, JsonElement> Meta { get; init; } = new Dictionary<string, JsonElement>();
    [JsonPropertyName("headers")] public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    [JsonPropertyName("delivery_protocol")] public string? DeliveryProtocol { get; init; }
    [JsonPropertyName("reception_protocol")] public string? ReceptionProtocol { get; init; }
    [JsonPropertyName("nodeid")] public string? NodeId { get; init; }

    [JsonPropertyName("tls_cipher"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TlsCipher { get; init; }

    [JsonPropertyName("tls_protocol_version"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TlsProtocolVersion { get; init; }

    [JsonPropertyName("tls_peer_subject_name"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? TlsPeerSubjectName { get; init; }

    [JsonPropertyName("provider_name"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ProviderName { get; init; }

    [JsonPropertyName("session_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SessionId { get; init; }

    /// <summary>The record's JSON metadata (field names and string enums as in the log files), for message serialization.</summary>
    public static JsonSerializerContext SerializerContext => LogRecordJsonContext.Default;

    /// <summary>The record as one line of JSON (no trailing newline).</summary>
    public string ToJsonLine() => JsonSerializer.Serialize(this, LogRecordJsonContext.Default.LogRecord);

    /// <summary>Reads one line; a malformed line throws <see cref="JsonException"/> naming the field.</summary>
    public static LogRecord FromJsonLine(string line) =>
        JsonSerializer.Deserialize(line, LogRecordJsonContext.Default.LogRecord)
        ?? throw new JsonException("a log record line is null");
}

/// <summary>The SMTP reply in a log record: <c>{code, enhanced_code:{class,subject,detail}|null, content, command}</c>.</summary>
public sealed record LogResponse(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("enhanced_code")] LogEnhancedCode? EnhancedCode,
    [property: JsonPropertyName("content")] string Content,
    [property: JsonPropertyName("command")] string? Command)
{
    public static LogResponse From(SmtpResponse response) => new(
        response.Code,
        response.Enhanced is { } e ? new LogEnhancedCode(e.Class, e.Subject, e.Detail) : null,
        response.SingleLineContent,
        response.Command);

    public SmtpResponse ToSmtpResponse() => new(
        Code,
        EnhancedCode is { } e ? new EnhancedStatusCode(e.Class, e.Subject, e.Detail) : null,
        Content,
        Command);
}

public sealed record LogEnhancedCode(
    [property: JsonPropertyName("class")] int Class,
    [property: JsonPropertyName("subject")] int Subject,
    [property: JsonPropertyName("detail")] int Detail);

public sealed record PeerAddress(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("addr")] string Addr);

public sealed record SourceAddress(
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("server"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Server = null,
    [property: JsonPropertyName("protocol"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Protocol = null);

[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
[JsonSerializable(typeof(LogRecord))]
internal sealed partial class LogRecordJsonContext : JsonSerializerContext;
