using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Mta.Core.Logging;
using Akka.Mta.LogHooks.Amqp;
using Akka.Mta.LogHooks.Webhook;
using Akka.Mta.Policy.Options;

namespace Akka.Mta.Policy.LogHooks;

/// <summary>
/// The table given to <c>mta.configure_log_hook{...}</c>: <c>name</c>, <c>per_record</c>, <c>headers</c>,
/// <c>meta</c> (KumoMTA's names), <c>batch_size</c>, <c>max_batch_latency</c> and exactly one destination,
/// <c>webhook = { url, headers, hmac, timeout }</c> or
/// <c>amqp = { url, exchange, routing_key, confirm_timeout, connect_timeout }</c>. Unknown fields are errors.
/// </summary>
internal static class LogHookParams
{
    public const string Function = "mta.configure_log_hook";
    public const int MaxBatchSize = 10_000;
    private static readonly TimeSpan MaxLatency = TimeSpan.FromHours(1);
    private static readonly HashSet<string> RecordTypes = Enum.GetNames<LogRecordType>().ToHashSet(StringComparer.Ordinal);

    public static LogHookDefinition Parse(JsonObject table, string? file, int line)
    {
        var reader = new OptionReader(table, string.Empty);
        var name = reader.String("name", required: true);
        var what = name is null ? Function : $"{Function} '{name}'";
        if (name is not null && !ValidName(name))
        {
            reader.Problems.Add($"name: \"{name}\" must be 1 to 100 letters, digits, '_', '-' or '.' (it names the queue {name}{LogHookDefinition.QueueSuffix})");
        }
        var (only, disabled) = PerRecord(reader);
        var headers = Names(reader, "headers");
        var meta = Names(reader, "meta");
        var batch = reader.Integer("batch_size", 1, MaxBatchSize);
        var latency = reader.Duration("max_batch_latency");
        if (latency > MaxLatency)
        {
            reader.Problems.Add($"max_batch_latency: at most 1 hour, got {latency}");
        }
        var webhookNode = reader.Raw("webhook");
        var amqpNode = reader.Raw("amqp");
        foreach (var (key, _) in table)
        {
            if (key is not ("name" or "per_record" or "headers" or "meta" or "batch_size" or "max_batch_latency" or "webhook" or "amqp"))
            {
                reader.Problems.Add($"{key}: unknown field (expected name, per_record, headers, meta, batch_size, max_batch_latency, and a destination: webhook = {{...}} or amqp = {{...}})");
            }
        }
        WebhookOptions? webhook = null;
        AmqpHookOptions? amqp = null;
        if (webhookNode is not null && amqpNode is not null)
        {
            reader.Problems.Add("webhook and amqp: a hook has exactly one destination, not both");
        }
        else if (webhookNode is not null)
        {
            webhook = Webhook(webhookNode, (batch ?? 1) > 1, reader.Problems);
        }
        else if (amqpNode is not null)
        {
            amqp = Amqp(amqpNode, reader.Problems);
        }
        else
        {
            reader.Problems.Add("no destination: give webhook = { url = \"https://...\" } or amqp = { url = \"amqp://...\", exchange = \"...\" }");
        }
        if (reader.Problems.Count > 0)
        {
            throw new ArgumentException($"{what}: {string.Join("; ", reader.Problems)}");
        }
        return new LogHookDefinition
        {
            Name = name!,
            OnlyTypes = only,
            DisabledTypes = disabled,
            Headers = headers,
            Meta = meta,
            BatchSize = (int)(batch ?? 1),
            MaxBatchLatency = latency ?? LogHookDefinition.DefaultMaxBatchLatency,
            Webhook = webhook,
            Amqp = amqp,
            File = file,
            Line = line,
        };
    }

    private static bool ValidName(string name) =>
        name.Length is > 0 and <= 100 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')
        && !name.StartsWith('.') && !name.EndsWith('.');

    /// <summary>
    /// <c>{ Delivery = true, Bounce = true }</c>: only the types set to a bare true (false leaves one out);
    /// KumoMTA's <c>{ Reception = { enable = false } }</c>: every type but those disabled.
    /// </summary>
    private static (HashSet<string>? Only, HashSet<string> Disabled) PerRecord(OptionReader reader)
    {
        var disabled = new HashSet<string>(StringComparer.Ordinal);
        var node = reader.Raw("per_record");
        if (node is null || node is JsonArray { Count: 0 })
        {
            return (null, disabled);
        }
        if (node is not JsonObject table)
        {
            reader.Problems.Add($"per_record: expected a table of record types, got {OptionReader.Describe(node)}");
            return (null, disabled);
        }
        HashSet<string>? only = null;
        foreach (var (type, value) in table)
        {
            if (!RecordTypes.Contains(type))
            {
                reader.Problems.Add($"per_record: unknown record type '{type}' (expected one of {string.Join(", ", Enum.GetNames<LogRecordType>())})");
                continue;
            }
            switch (value)
            {
                case JsonValue v when v.GetValueKind() is JsonValueKind.True:
                    (only ??= new HashSet<string>(StringComparer.Ordinal)).Add(type);
                    break;
                case JsonValue v when v.GetValueKind() is JsonValueKind.False:
                    disabled.Add(type);
                    break;
                case JsonObject options:
                    var entry = new OptionReader(options, $"per_record.{type}.");
                    var enable = entry.Raw("enable");
                    entry.RejectUnknownKeys();
                    reader.Problems.AddRange(entry.Problems.Select(p => p + " (expected { enable = true|false })"));
                    if (enable is JsonValue e && e.GetValueKind() is JsonValueKind.False)
                    {
                        disabled.Add(type);
                    }
                    else if (enable is not null && !(enable is JsonValue t && t.GetValueKind() is JsonValueKind.True))
                    {
                        reader.Problems.Add($"per_record.{type}.enable: expected true or false, got {OptionReader.Describe(enable)}");
                    }
                    break;
                default:
                    reader.Problems.Add($"per_record.{type}: expected true, false or {{ enable = true|false }}, got {OptionReader.Describe(value)}");
                    break;
            }
        }
        return (only, disabled);
    }

    private static List<string> Names(OptionReader reader, string key)
    {
        var node = reader.Raw(key);
        if (node is null || node is JsonObject { Count: 0 })
        {
            return [];
        }
        if (node is JsonArray list && list.All(i => i is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length > 0))
        {
            return list.Select(i => i!.GetValue<string>()).ToList();
        }
        reader.Problems.Add($"{key}: expected a list of names, got {OptionReader.Describe(node)}");
        return [];
    }

    private static WebhookOptions? Webhook(JsonNode node, bool arrayBody, List<string> problems)
    {
        if (node is not JsonObject table)
        {
            problems.Add($"webhook: expected {{ url = \"https://...\", headers = {{...}}, hmac = {{...}}, timeout = \"30s\" }}, got {OptionReader.Describe(node)}");
            return null;
        }
        var reader = new OptionReader(table, "webhook.");
        var text = reader.String("url", required: true);
        Uri? url = null;
        if (text is not null && (!Uri.TryCreate(text, UriKind.Absolute, out url) || url.Scheme is not ("http" or "https") || url.Host.Length == 0))
        {
            reader.Problems.Add($"webhook.url: \"{text}\" is not an http:// or https:// URL");
            url = null;
        }
        var headers = new List<KeyValuePair<string, string>>();
        if (reader.Raw("headers") is { } headerNode and not JsonArray { Count: 0 })
        {
            if (headerNode is JsonObject map)
            {
                foreach (var (name, value) in map)
                {
                    if (!ValidHeaderName(name))
                    {
                        reader.Problems.Add($"webhook.headers: \"{name}\" is not a header name");
                    }
                    else if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String && !v.GetValue<string>().Any(c => c is '\r' or '\n'))
                    {
                        headers.Add(KeyValuePair.Create(name, v.GetValue<string>()));
                    }
                    else
                    {
                        reader.Problems.Add($"webhook.headers.{name}: expected a one-line string, got {OptionReader.Describe(value)}");
                    }
                }
            }
            else
            {
                reader.Problems.Add($"webhook.headers: expected a table of header = value, got {OptionReader.Describe(headerNode)}");
            }
        }
        var hmac = reader.Raw("hmac") is { } hmacNode ? Hmac(hmacNode, reader.Problems) : null;
        var timeout = reader.Duration("timeout");
        if (timeout is { } t && (t <= TimeSpan.Zero || t > TimeSpan.FromMinutes(10)))
        {
            reader.Problems.Add($"webhook.timeout: expected more than 0 and at most 10 minutes, got {t}");
        }
        reader.RejectUnknownKeys();
        problems.AddRange(reader.Problems);
        return reader.Problems.Count == 0 ? new WebhookOptions(url!, headers, hmac, timeout ?? WebhookOptions.DefaultTimeout, arrayBody) : null;
    }

    private static WebhookHmac? Hmac(JsonNode node, List<string> problems)
    {
        if (node is not JsonObject table)
        {
            problems.Add($"webhook.hmac: expected {{ key = \"secret\", header = \"X-Signature-256\", algorithm = \"sha256\", prefix = \"sha256=\" }}, got {OptionReader.Describe(node)}");
            return null;
        }
        var reader = new OptionReader(table, "webhook.hmac.");
        var key = reader.String("key", required: true);
        var header = reader.String("header") ?? "X-Signature-256";
        var algorithmText = reader.String("algorithm") ?? "sha256";
        var prefix = reader.String("prefix");
        reader.RejectUnknownKeys();
        if (key is { Length: 0 })
        {
            reader.Problems.Add("webhook.hmac.key: an empty key signs nothing");
        }
        if (!ValidHeaderName(header))
        {
            reader.Problems.Add($"webhook.hmac.header: \"{header}\" is not a header name");
        }
        WebhookHmacAlgorithm? algorithm = algorithmText switch
        {
            "sha256" => WebhookHmacAlgorithm.Sha256,
            "sha1" => WebhookHmacAlgorithm.Sha1,
            "sha512" => WebhookHmacAlgorithm.Sha512,
            _ => null,
        };
        if (algorithm is null)
        {
            reader.Problems.Add($"webhook.hmac.algorithm: expected \"sha256\", \"sha512\" or \"sha1\", got \"{algorithmText}\"");
        }
        problems.AddRange(reader.Problems);
        return reader.Problems.Count == 0 ? new WebhookHmac(header, Encoding.UTF8.GetBytes(key!), algorithm!.Value, prefix ?? algorithmText + "=") : null;
    }

    private static AmqpHookOptions? Amqp(JsonNode node, List<string> problems)
    {
        if (node is not JsonObject table)
        {
            problems.Add($"amqp: expected {{ url = \"amqp://...\", exchange = \"...\", routing_key = \"...\" }}, got {OptionReader.Describe(node)}");
            return null;
        }
        var reader = new OptionReader(table, "amqp.");
        var text = reader.String("url", required: true);
        Uri? url = null;
        if (text is not null && (!Uri.TryCreate(text, UriKind.Absolute, out url) || url.Scheme is not ("amqp" or "amqps") || url.Host.Length == 0))
        {
            reader.Problems.Add($"amqp.url: \"{text}\" is not an amqp:// or amqps:// URL");
        }
        var exchange = reader.String("exchange", required: true);
        var routingKey = reader.String("routing_key") ?? string.Empty;
        var confirm = reader.Duration("confirm_timeout") ?? TimeSpan.FromSeconds(30);
        var connect = reader.Duration("connect_timeout") ?? TimeSpan.FromSeconds(10);
        foreach (var (key, value) in new[] { ("confirm_timeout", confirm), ("connect_timeout", connect) })
        {
            if (value <= TimeSpan.Zero || value > TimeSpan.FromMinutes(10))
            {
                reader.Problems.Add($"amqp.{key}: expected more than 0 and at most 10 minutes, got {value}");
            }
        }
        reader.RejectUnknownKeys();
        problems.AddRange(reader.Problems);
        return reader.Problems.Count == 0 ? new AmqpHookOptions(url!, exchange!, routingKey, confirm, connect) : null;
    }

    private static bool ValidHeaderName(string name) =>
        name.Length > 0 && name.All(c => c > ' ' && c < 127 && c != ':');
}
