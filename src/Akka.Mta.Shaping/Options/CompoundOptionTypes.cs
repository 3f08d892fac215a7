using System.Net;
using System.Net.Sockets;
using Akka.Mta.Shaping.Diagnostics;
using Akka.Mta.Toml;

namespace Akka.Mta.Shaping.Options;

/// <summary>
/// A table of named values of one type (<c>additional_connection_limits</c> and the other
/// <c>additional_*</c> maps); typed as an insertion-ordered <see cref="OrderedDictionary{TKey,TValue}"/>.
/// </summary>
public sealed class MapOptionType(OptionType element) : OptionType
{
    public OptionType Element { get; } = element;

    public override string Expected => $"a table of names to values, each {Element.Expected}";

    public override object? Read(TomlNode node, string keyPath, DiagnosticBag diagnostics)
    {
        if (node is not TomlTable table)
        {
            return Mismatch(node, keyPath, diagnostics);
        }
        var result = new OrderedDictionary<string, object>(StringComparer.Ordinal);
        var ok = true;
        foreach (var entry in table)
        {
            if (Element.Read(entry.Value, KeyPath.Child(keyPath, entry.Key), diagnostics) is { } value)
            {
                result[entry.Key] = value;
            }
            else
            {
                ok = false;
            }
        }
        return ok ? result : null;
    }

    public override TomlNode Write(object value)
    {
        var table = new TomlTable(TomlTableKind.Inline);
        foreach (var (key, item) in (IEnumerable<KeyValuePair<string, object>>)value)
        {
            table.Add(key, Element.Write(item));
        }
        return table;
    }
}

/// <summary>A list of IP networks in CIDR notation; a bare address stands for itself (/32 or /128).</summary>
public sealed class CidrListOptionType : OptionType
{
    public static readonly CidrListOptionType Instance = new();

    public override string Expected => "a list of addresses or CIDR networks such as [\"10.0.0.0/8\", \"::1\"]";

    public override object? Read(TomlNode node, string keyPath, DiagnosticBag diagnostics)
    {
        if (AsList(node) is not { } array)
        {
            return Mismatch(node, keyPath, diagnostics);
        }
        var result = new List<IPNetwork>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            var path = KeyPath.Index(keyPath, i);
            if (array[i] is not TomlString s)
            {
                diagnostics.Error(array[i].Position, path, $"expected an address or CIDR network string, found {Describe(array[i])}");
                continue;
            }
            if (TryParseNetwork(s.Value, out var network))
            {
                result.Add(network);
            }
            else
            {
                diagnostics.Error(array[i].Position, path, $"{TomlSyntax.QuoteBasic(s.Value)} is not an IP address or CIDR network (with no bits set beyond the prefix)");
            }
        }
        return result.Count == array.Count ? result : null;
    }

    public override TomlNode Write(object value)
    {
        var array = new TomlArray();
        foreach (var network in (IEnumerable<IPNetwork>)value)
        {
            array.Add(new TomlString(Format(network)));
        }
        return array;
    }

    /// <summary>A network, or a single address as a /32 or /128.</summary>
    public static bool TryParseNetwork(string text, out IPNetwork network)
    {
        var trimmed = text.Trim();
        if (!trimmed.Contains('/') && IPAddress.TryParse(trimmed, out var address))
        {
            network = new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }
        return IPNetwork.TryParse(trimmed, out network);
    }

    /// <summary>CIDR text, single addresses without their prefix length.</summary>
    public static string Format(IPNetwork network)
    {
        var full = network.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        return network.PrefixLength == full ? network.BaseAddress.ToString() : network.ToString();
    }
}

/// <summary>A list of names, each one of a fixed set (compared without regard to case).</summary>
public sealed class NameListOptionType(string what, IReadOnlyList<string> allowed) : OptionType
{
    public override string Expected => $"a list of {what}";

    public override object? Read(TomlNode node, string keyPath, DiagnosticBag diagnostics)
    {
        if (AsList(node) is not { } array)
        {
            return Mismatch(node, keyPath, diagnostics);
        }
        var result = new List<string>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            var path = KeyPath.Index(keyPath, i);
            var known = array[i] is TomlString s ? allowed.FirstOrDefault(a => string.Equals(a, s.Value, StringComparison.OrdinalIgnoreCase)) : null;
            if (known is null)
            {
                diagnostics.Error(array[i].Position, path, $"{Describe(array[i])} is not one of the {what}: {string.Join(", ", allowed)}");
                continue;
            }
            result.Add(known);
        }
        return result.Count == array.Count ? result : null;
    }

    public override TomlNode Write(object value)
    {
        var array = new TomlArray();
        foreach (var name in (IEnumerable<string>)value)
        {
            array.Add(new TomlString(name));
        }
        return array;
    }
}

/// <summary>OpenSSL option names joined by <c>|</c> (<c>"NO_TLSV1|NO_TLSV1_1"</c>); typed as the string.</summary>
public sealed class OpensslOptionsType : OptionType
{
    public static readonly OpensslOptionsType Instance = new();

    /// <summary>The names KumoMTA accepts (the Rust openssl crate's SslOptions flags).</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "ALL", "NO_QUERY_MTU", "COOKIE_EXCHANGE", "NO_TICKET", "NO_SESSION_RESUMPTION_ON_RENEGOTIATION",
        "NO_COMPRESSION", "ALLOW_UNSAFE_LEGACY_RENEGOTIATION", "SINGLE_ECDH_USE", "SINGLE_DH_USE",
        "CIPHER_SERVER_PREFERENCE", "TLS_ROLLBACK_BUG", "NO_SSLV2", "NO_SSLV3", "NO_TLSV1", "NO_TLSV1_1",
        "NO_TLSV1_2", "NO_TLSV1_3", "NO_DTLSV1", "NO_DTLSV1_2", "NO_SSL_MASK", "NO_RENEGOTIATION",
        "ENABLE_MIDDLEBOX_COMPAT", "PRIORITIZE_CHACHA", "IGNORE_UNEXPECTED_EOF", "LEGACY_SERVER_CONNECT",
        "DONT_INSERT_EMPTY_FRAGMENTS",
    ];

    public override string Expected => "OpenSSL option names joined by '|', such as \"NO_TLSV1|NO_TLSV1_1\"";

    public override object? Read(TomlNode node, string keyPath, DiagnosticBag diagnostics)
    {
        if (node is not TomlString s)
        {
            return Mismatch(node, keyPath, diagnostics);
        }
        var unknown = s.Value.Split('|').Where(name => !Names.Contains(name, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            diagnostics.Error(node.Position, keyPath,
                $"{string.Join(", ", unknown.Select(n => $"\"{n}\""))} {(unknown.Count == 1 ? "is not an OpenSSL option name" : "are not OpenSSL option names")}; known names: {string.Join(", ", Names)}");
            return null;
        }
        return s.Value;
    }

    public override TomlNode Write(object value) => new TomlString((string)value);
}
