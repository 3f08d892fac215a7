using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Mta.Dkim;
using Akka.Mta.Policy.Options;

namespace Akka.Mta.Policy.Dkim;

/// <summary>Where a signer's private key comes from: a file (read once per epoch) or PEM text in the policy.</summary>
internal sealed record DkimKeySource(string? File, string? Pem)
{
    public string Describe() => File is not null ? $"file {File}" : "inline PEM";

    /// <summary>Identifies the key for the per-epoch cache without holding the PEM in the key string.</summary>
    public string CacheKey => File ?? "pem:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Pem!)));
}

/// <summary>
/// The table given to <c>mta.dkim.rsa_sha256_signer{...}</c> or <c>mta.dkim.ed25519_signer{...}</c>,
/// with KumoMTA's field names: domain, selector, headers, key (a file path, PEM text, or
/// <c>{ key_data = PEM }</c>), header_canonicalization, body_canonicalization, over_sign,
/// expiration, agent_user_identifier. Unknown fields are errors.
/// </summary>
internal static class DkimSignerParams
{
    private static readonly string[] Unsupported = ["atps", "atpsh", "body_length", "reporting"];

    public static (DkimSignerOptions Options, DkimKeySource Key) Parse(JsonObject table, string function, Func<string, string> resolvePath)
    {
        var reader = new OptionReader(table, string.Empty);
        var domain = reader.String("domain", required: true);
        var selector = reader.String("selector", required: true);
        var headers = Headers(reader);
        var key = Key(reader, resolvePath);
        var headerCanon = Canonicalization(reader, "header_canonicalization");
        var bodyCanon = Canonicalization(reader, "body_canonicalization");
        var overSign = Boolean(reader, "over_sign");
        var expiration = reader.Duration("expiration");
        var auid = reader.String("agent_user_identifier");
        foreach (var name in Unsupported)
        {
            if (reader.Raw(name) is not null)
            {
                reader.Problems.Add($"{name}: not supported by this MTA");
            }
        }
        reader.RejectUnknownKeys();
        if (reader.Problems.Count > 0)
        {
            throw new ArgumentException($"{function}: {string.Join("; ", reader.Problems)}");
        }
        var options = new DkimSignerOptions
        {
            Domain = domain!,
            Selector = selector!,
            Headers = headers!,
            HeaderCanonicalization = headerCanon,
            BodyCanonicalization = bodyCanon,
            OverSign = overSign,
            Expiration = expiration,
            AgentUserIdentifier = auid,
        };
        try
        {
            options.Validate();
        }
        catch (DkimException e)
        {
            throw new ArgumentException($"{function}: {e.Message}");
        }
        return (options, key!);
    }

    private static List<string>? Headers(OptionReader reader)
    {
        var node = reader.Raw("headers");
        if (node is null)
        {
            reader.Problems.Add("headers: required (a list of header names, From first)");
            return null;
        }
        if (node is not JsonArray list || list.Count == 0)
        {
            reader.Problems.Add($"headers: expected a list of header names, got {OptionReader.Describe(node)}");
            return null;
        }
        var names = new List<string>();
        foreach (var item in list)
        {
            if (item is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            {
                names.Add(v.GetValue<string>());
            }
            else
            {
                reader.Problems.Add($"headers: every entry must be a string, got {OptionReader.Describe(item)}");
                return null;
            }
        }
        return names;
    }

    private static DkimKeySource? Key(OptionReader reader, Func<string, string> resolvePath)
    {
        var node = reader.Raw("key");
        string? text = null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            text = v.GetValue<string>();
            if (text.Contains("-----BEGIN", StringComparison.Ordinal))
            {
                return new DkimKeySource(null, text);
            }
            if (text.Length == 0)
            {
                reader.Problems.Add("key: an empty file name");
                return null;
            }
            return new DkimKeySource(resolvePath(text), null);
        }
        if (node is JsonObject table && table.Count == 1 && table["key_data"] is JsonValue data && data.GetValueKind() == JsonValueKind.String)
        {
            return new DkimKeySource(null, data.GetValue<string>());
        }
        reader.Problems.Add(node is null
            ? "key: required (a file path, PEM text, or { key_data = PEM })"
            : $"key: expected a file path, PEM text or {{ key_data = PEM }}, got {OptionReader.Describe(node)}");
        return null;
    }

    private static DkimCanonicalization Canonicalization(OptionReader reader, string key)
    {
        var text = reader.String(key);
        if (text is null)
        {
            return DkimCanonicalization.Relaxed;
        }
        if (DkimNames.TryParseCanonicalization(text, out var value))
        {
            return value;
        }
        reader.Problems.Add($"{key}: expected \"relaxed\" or \"simple\", got \"{text}\"");
        return DkimCanonicalization.Relaxed;
    }

    private static bool Boolean(OptionReader reader, string key)
    {
        var node = reader.Raw(key);
        if (node is null)
        {
            return false;
        }
        if (node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return v.GetValue<bool>();
        }
        reader.Problems.Add($"{key}: expected true or false, got {OptionReader.Describe(node)}");
        return false;
    }
}
