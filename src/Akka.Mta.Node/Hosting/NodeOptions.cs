using System.Net;
using Akka.Mta.Delivery.Configuration;
using Akka.Mta.Dns;
using Akka.Mta.Policy.Options;
using Microsoft.Extensions.Configuration;

namespace Akka.Mta.Node.Hosting;

/// <summary>
/// What a node needs to start. Read from .NET configuration: appsettings.json beside the
/// executable, an optional <c>--config FILE</c>, environment variables <c>AKKAMTA__Section__Key</c>,
/// then command-line flags, each layer over the previous one.
/// </summary>
public sealed record NodeOptions
{
    public const string DefaultHttpListen = "127.0.0.1:8000";
    public const string DefaultSmtpListen = "127.0.0.1:2525";
    public const string DefaultDataDir = "./data";
    public const string DefaultPolicyFile = "policy/init.lua";

    public IPEndPoint HttpListen { get; init; } = IPEndPoint.Parse(DefaultHttpListen);

    public IPEndPoint SmtpListen { get; init; } = IPEndPoint.Parse(DefaultSmtpListen);

    public string DataDir { get; init; } = Path.GetFullPath(DefaultDataDir);

    /// <summary>The spool database (default <c>DataDir/spool.db</c>).</summary>
    public string SpoolPath { get; init; } = Path.GetFullPath(Path.Combine(DefaultDataDir, "spool.db"));

    /// <summary>Where the JSON log segments go (default <c>DataDir/logs</c>).</summary>
    public string LogDir { get; init; } = Path.GetFullPath(Path.Combine(DefaultDataDir, "logs"));

    public string PolicyFile { get; init; } = Path.GetFullPath(DefaultPolicyFile);

    /// <summary>Name in the SMTP greeting, Received headers and the default EHLO name.</summary>
    public string HostName { get; init; } = Environment.MachineName.ToLowerInvariant();

    /// <summary>The resolver's nameservers (<c>Dns:Servers</c>); empty: those of /etc/resolv.conf.</summary>
    public IReadOnlyList<IPEndPoint> DnsServers { get; init; } = [];

    /// <summary>Egress sources and pools from <c>Egress:Sources</c> / <c>Egress:Pools</c>.</summary>
    public NodeEgressConfig Egress { get; init; } = NodeEgressConfig.Empty;

    /// <summary>Builds checked options; a bad value throws <see cref="NodeConfigurationException"/> naming the key.</summary>
    public static NodeOptions FromConfiguration(IConfiguration configuration)
    {
        var dataDir = Path.GetFullPath(configuration["DataDir"] ?? DefaultDataDir);
        return new NodeOptions
        {
            HttpListen = Endpoint(configuration, "Http:Listen", DefaultHttpListen),
            SmtpListen = Endpoint(configuration, "Smtp:Listen", DefaultSmtpListen),
            DataDir = dataDir,
            SpoolPath = Path.GetFullPath(configuration["Spool:Path"] ?? Path.Combine(dataDir, "spool.db")),
            LogDir = Path.GetFullPath(configuration["Log:Dir"] ?? Path.Combine(dataDir, "logs")),
            PolicyFile = Path.GetFullPath(configuration["Policy:File"] ?? DefaultPolicyFile),
            HostName = configuration["HostName"] ?? Environment.MachineName.ToLowerInvariant(),
            DnsServers = DnsServerList(configuration),
            Egress = EgressConfig(configuration),
        };
    }

    private static IPEndPoint Endpoint(IConfiguration configuration, string key, string fallback)
    {
        var text = configuration[key] ?? fallback;
        return IPEndPoint.TryParse(text, out var endpoint)
            ? endpoint
            : throw new NodeConfigurationException(key, $"\"{text}\" is not IP:PORT (for example {fallback})");
    }

    private static List<IPEndPoint> DnsServerList(IConfiguration configuration)
    {
        var section = configuration.GetSection("Dns:Servers");
        var texts = section.Value is { } single
            ? single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : section.GetChildren().Select(c => c.Value ?? "").ToArray();
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
