using System.Net;
using Akka.Mta.Delivery.Configuration;
using Akka.Mta.Dns;
using Akka.Mta.Policy.Options;
using Akka.Mta.Smtp.Server;
using Microsoft.Extensions.Configuration;

namespace Akka.Mta.Node.Hosting;

/// <summary>
/// What a node needs to start. Read from .NET configuration: appsettings.json beside the
/// executable, an optional <c>--config FILE</c>, environment variables <c>AKKAMTA__Section__Key</c>,
/// then command-line flags, each layer over the previous one. Relative paths are absolute here:
/// resolved against the directory of the file that set them, or the current working directory.
/// </summary>
public sealed partial record NodeOptions
{
    public const string DefaultHttpListen = "127.0.0.1:8000";
    public const string DefaultSmtpListen = "127.0.0.1:2525";
    public const string DefaultDataDir = "./data";
    public const string DefaultPolicyFile = "policy/init.lua";

    public static readonly IReadOnlyList<IPNetwork> DefaultTrustedHosts = [IPNetwork.Parse("127.0.0.1/32"), IPNetwork.Parse("::1/128")];

    public IPEndPoint HttpListen { get; init; } = IPEndPoint.Parse(DefaultHttpListen);

    public IPEndPoint SmtpListen { get; init; } = IPEndPoint.Parse(DefaultSmtpListen);

    public string DataDir { get; init; } = Path.GetFullPath(DefaultDataDir);

    /// <summary>The spool database (default <c>DataDir/spool.db</c>).</summary>
    public string SpoolPath { get; init; } = Path.GetFullPath(Path.Combine(DefaultDataDir, "spool.db"));

    /// <summary>Where the JSON log segments go (default <c>DataDir/logs</c>).</summary>
    public string LogDir { get; init; } = Path.GetFullPath(Path.Combine(DefaultDataDir, "logs"));

    /// <summary>
    /// Below this much free space on the spool's or the logs' filesystem, reception refuses new mail
    /// with a temporary error and liveness answers 503 (<c>Spool:MinFreeSpace</c>: bytes, or with
    /// KB/MB/GB, 1024-based; default 256 MB; 0 turns the check off).
    /// </summary>
    public long SpoolMinFreeBytes { get; init; } = DefaultSpoolMinFreeBytes;

    public const long DefaultSpoolMinFreeBytes = 256L * 1024 * 1024;

    public string PolicyFile { get; init; } = Path.GetFullPath(DefaultPolicyFile);

    /// <summary>Name in the SMTP greeting, Received headers and the default EHLO name.</summary>
    public string HostName { get; init; } = Environment.MachineName.ToLowerInvariant();

    /// <summary>The resolver's nameservers (<c>Dns:Servers</c>); empty: those of /etc/resolv.conf.</summary>
    public IReadOnlyList<IPEndPoint> DnsServers { get; init; } = [];

    /// <summary>
    /// Networks whose clients use the HTTP API without a token (<c>Http:TrustedHosts</c>, CIDRs or
    /// addresses; default loopback only).
    /// </summary>
    public IReadOnlyList<IPNetwork> HttpTrustedHosts { get; init; } = DefaultTrustedHosts;

    /// <summary>Tokens other clients send as <c>Authorization: Bearer</c> (<c>Http:BearerTokens</c>; default none).</summary>
    public IReadOnlyList<string> HttpBearerTokens { get; init; } = [];

    /// <summary>One console line per HTTP API request (<c>Http:AccessLog</c>; default false).</summary>
    public bool HttpAccessLog { get; init; }

    /// <summary>
    /// Console log levels by category prefix (<c>Logging:LogLevel:CATEGORY</c>) over the defaults:
    /// Information for the MTA's own categories, Warning for ASP.NET Core and everything else.
    /// </summary>
    public IReadOnlyDictionary<string, Microsoft.Extensions.Logging.LogLevel> LogLevels { get; init; } = NodeLogging.DefaultLevels;

    /// <summary>
    /// The SMTP listener's limits, timeouts and relay control (<c>Smtp:*</c>, see
    /// <see cref="SmtpListenerConfiguration"/>); the host name comes from <see cref="HostName"/>.
    /// <c>Smtp:MaxMessageSize</c> also caps a message injected over HTTP.
    /// </summary>
    public SmtpServerOptions Smtp { get; init; } = new();

    /// <summary>Egress sources and pools from <c>Egress:Sources</c> / <c>Egress:Pools</c>.</summary>
    public NodeEgressConfig Egress { get; init; } = NodeEgressConfig.Empty;

    /// <summary>Builds checked options; a bad value throws <see cref="NodeConfigurationException"/> naming the key.</summary>
    public static NodeOptions FromConfiguration(IConfiguration configuration)
    {
        // Relative paths: against the directory of the configuration file that set them, else the
        // current working directory (flags, environment variables, defaults).
        var dataDir = ConfigurationPaths.FullPath(configuration, "DataDir") ?? Path.GetFullPath(DefaultDataDir);
        return WithAkka(new NodeOptions
        {
            HttpListen = Endpoint(configuration, "Http:Listen", DefaultHttpListen),
            SmtpListen = Endpoint(configuration, "Smtp:Listen", DefaultSmtpListen),
            DataDir = dataDir,
            SpoolPath = ConfigurationPaths.FullPath(configuration, "Spool:Path") ?? Path.Combine(dataDir, "spool.db"),
            LogDir = ConfigurationPaths.FullPath(configuration, "Log:Dir") ?? Path.Combine(dataDir, "logs"),
            SpoolMinFreeBytes = configuration["Spool:MinFreeSpace"] is { } minFree ? ByteSize("Spool:MinFreeSpace", minFree) : DefaultSpoolMinFreeBytes,
            PolicyFile = ConfigurationPaths.FullPath(configuration, "Policy:File") ?? Path.GetFullPath(DefaultPolicyFile),
            HttpAccessLog = Boolean(configuration, "Http:AccessLog", false),
            LogLevels = NodeLogging.Levels(configuration),
            HostName = configuration["HostName"] ?? Environment.MachineName.ToLowerInvariant(),
            DnsServers = DnsServerList(configuration),
            HttpTrustedHosts = TrustedHosts(configuration),
            HttpBearerTokens = List(configuration, "Http:BearerTokens") ?? [],
            Egress = EgressConfig(configuration),
            Smtp = SmtpListenerConfiguration.FromConfiguration(configuration),
        }, configuration, dataDir);
    }

    /// <summary><c>1048576</c>, <c>512KB</c>, <c>256 MB</c>, <c>2GB</c> (1024-based) as bytes.</summary>
    internal static long ByteSize(string key, string text)
    {
        var trimmed = text.Trim();
        var (digits, unit) = trimmed.ToUpperInvariant() switch
        {
            var t when t.EndsWith("GB", StringComparison.Ordinal) => (t[..^2], 1L << 30),
            var t when t.EndsWith("MB", StringComparison.Ordinal) => (t[..^2], 1L << 20),
            var t when t.EndsWith("KB", StringComparison.Ordinal) => (t[..^2], 1L << 10),
            var t => (t, 1L),
        };
        return long.TryParse(digits.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count)
            && count <= long.MaxValue / unit
            ? count * unit
            : throw new NodeConfigurationException(key, $"\"{text}\" is not a size (bytes, or a whole number with KB, MB or GB)");
    }

    private static bool Boolean(IConfiguration configuration, string key, bool fallback) => configuration[key] switch
    {
        null => fallback,
        var text when bool.TryParse(text.Trim(), out var value) => value,
        var text => throw new NodeConfigurationException(key, $"\"{text}\" is not true or false"),
    };

    private static IPEndPoint Endpoint(IConfiguration configuration, string key, string fallback)
    {
        var text = configuration[key] ?? fallback;
        return IPEndPoint.TryParse(text, out var endpoint)
            ? endpoint
            : throw new NodeConfigurationException(key, $"\"{text}\" is not IP:PORT (for example {fallback})");
    }

    /// <summary>A list key: an array (<c>Key:0</c>, <c>Key:1</c>, ...) or one comma-separated value; null when absent.</summary>
    internal static string[]? List(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        if (section.Value is { } single)
        {
            return single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        var children = section.GetChildren().ToList();
        return children.Count == 0 ? null : children.Select(c => (c.Value ?? "").Trim()).ToArray();
    }

    private static List<IPNetwork> TrustedHosts(IConfiguration configuration)
    {
        if (List(configuration, "Http:TrustedHosts") is not { } texts)
        {
            return [.. DefaultTrustedHosts];
        }
        return texts.Select((text, i) => Network($"Http:TrustedHosts:{i}", text)).ToList();
    }

    /// <summary>A CIDR network or a single address; <paramref name="key"/> names the value in the error.</summary>
    internal static IPNetwork Network(string key, string text)
    {
        if (IPAddress.TryParse(text, out var address))
        {
            return new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        }
        // A set host bit (10.1.2.3/8) is refused rather than masked: it usually means a typo in the prefix.
        return IPNetwork.TryParse(text, out var network) && IPAddress.Parse(text[..text.IndexOf('/', StringComparison.Ordinal)]).Equals(network.BaseAddress)
            ? network
            : throw new NodeConfigurationException(key,
                $"\"{text}\" is not a CIDR network such as 10.0.0.0/8 or an address (the address must have no bits set past the prefix length)");
    }

    private static List<IPEndPoint> DnsServerList(IConfiguration configuration)
    {
        var texts = List(configuration, "Dns:Servers") ?? [];
        return texts.Select((text, i) => ResolvConf.ParseServer(text)
            ?? throw new NodeConfigurationException($"Dns:Servers:{i}", $"\"{text}\" is not IP or IP:PORT (for example 127.0.0.1:5353)")).ToList();
    }

    private static NodeEgressConfig EgressConfig(IConfiguration configuration)
    {
        var sources = new Dictionary<string, EgressSource>(StringComparer.Ordinal);
        foreach (var section in configuration.GetSection("Egress:Sources").GetChildren())
        {
            IPAddress? address = null;
            if (section["SourceAddress"] is { } text && !IPAddress.TryParse(text, out address))
            {
                throw new NodeConfigurationException($"{section.Path}:SourceAddress", $"\"{text}\" is not an IP address");
            }
            sources[section.Key] = new EgressSource(section.Key) { SourceAddress = address, EhloDomain = section["EhloDomain"] };
        }
        var pools = new Dictionary<string, EgressPool>(StringComparer.Ordinal);
        foreach (var pool in configuration.GetSection("Egress:Pools").GetChildren())
        {
            var entries = pool.GetChildren().Select(entry =>
            {
                if (!sources.ContainsKey(entry.Key))
                {
                    throw new NodeConfigurationException(entry.Path, $"pool {pool.Key} names source \"{entry.Key}\", which Egress:Sources does not define");
                }
                return uint.TryParse(entry.Value, out var weight)
                    ? new EgressPoolEntry(entry.Key, weight)
                    : throw new NodeConfigurationException(entry.Path, $"\"{entry.Value}\" is not a weight (a whole number >= 0)");
            }).ToList();
            pools[pool.Key] = new EgressPool(pool.Key, entries);
        }
        return new NodeEgressConfig { Sources = sources, Pools = pools };
    }
}

/// <summary>A configuration value that cannot be used; the message names the key.</summary>
public sealed class NodeConfigurationException(string key, string problem)
    : Exception($"configuration {key}: {problem}")
{
    public string Key { get; } = key;
}
