using System.Globalization;
using System.Net;
using Akka.Mta.Core.Throttling;
using Akka.Mta.Smtp.Server;
using Microsoft.Extensions.Configuration;

namespace Akka.Mta.Node.Hosting;

/// <summary>
/// The SMTP listener's limits from the <c>Smtp</c> section: connection limits, message size,
/// recipients, per-phase timeouts and relay control. Every value is checked at start; a bad one (or
/// an unknown key under <c>Smtp</c>) throws <see cref="NodeConfigurationException"/> naming the key.
/// </summary>
public static class SmtpListenerConfiguration
{
    public const string MaxMessageSizeKey = "Smtp:MaxMessageSize";

    private static readonly string[] Keys =
        ["Listen", "MaxConnections", "MaxConnectionsPerAddress", "MaxMessageSize", "MaxRecipients", "Timeouts", "RelayNetworks", "RelayDomains"];

    /// <summary>The timeouts under <c>Smtp:Timeouts</c>, each with how it sets the options.</summary>
    private static readonly (string Key, Func<SmtpServerOptions, TimeSpan, SmtpServerOptions> Set)[] Timeouts =
    [
        ("Command", (o, t) => o with { CommandTimeout = t }),
        ("Data", (o, t) => o with { DataTimeout = t }),
        ("DataPhase", (o, t) => o with { DataPhaseTimeout = t }),
        ("Session", (o, t) => o with { SessionTimeout = t }),
        ("TlsHandshake", (o, t) => o with { TlsHandshakeTimeout = t }),
    ];

    public static SmtpServerOptions FromConfiguration(IConfiguration configuration)
    {
        RefuseUnknown(configuration.GetSection("Smtp"), Keys);
        RefuseUnknown(configuration.GetSection("Smtp:Timeouts"), Timeouts.Select(t => t.Key));
        var options = new SmtpServerOptions();
        options = options with
        {
            MaxConnections = Count(configuration, "Smtp:MaxConnections", options.MaxConnections, min: 0),
            MaxConnectionsPerAddress = Count(configuration, "Smtp:MaxConnectionsPerAddress", options.MaxConnectionsPerAddress, min: 0),
            MaxRecipients = Count(configuration, "Smtp:MaxRecipients", options.MaxRecipients, min: 1),
            MaxMessageSize = configuration[MaxMessageSizeKey] is { } size ? MessageSize(size) : options.MaxMessageSize,
        };
        if (options.MaxConnections > 0 && options.MaxConnectionsPerAddress > options.MaxConnections)
        {
            throw new NodeConfigurationException("Smtp:MaxConnectionsPerAddress",
                $"{options.MaxConnectionsPerAddress} is more than Smtp:MaxConnections ({options.MaxConnections})");
        }
        foreach (var (key, set) in Timeouts)
        {
            if (configuration[$"Smtp:Timeouts:{key}"] is { } text)
            {
                options = set(options, Duration($"Smtp:Timeouts:{key}", text));
            }
        }
        var relay = options.Relay;
        if (NodeOptions.List(configuration, "Smtp:RelayNetworks") is { } networks)
        {
            relay = relay with { RelayNetworks = networks.Select((n, i) => NodeOptions.Network($"Smtp:RelayNetworks:{i}", n)).ToList() };
        }
        if (NodeOptions.List(configuration, "Smtp:RelayDomains") is { } domains)
        {
            relay = relay with { LocalDomains = domains.Select((d, i) => Domain($"Smtp:RelayDomains:{i}", d)).ToList() };
        }
        return options with { Relay = relay };
    }

    private static void RefuseUnknown(IConfigurationSection section, IEnumerable<string> known)
    {
        var allowed = known.ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren())
        {
            if (!allowed.Contains(child.Key))
            {
                throw new NodeConfigurationException(child.Path, $"unknown key; {section.Path} takes {string.Join(", ", allowed)}");
            }
        }
    }

    private static int Count(IConfiguration configuration, string key, int fallback, int min)
    {
        if (configuration[key] is not { } text)
        {
            return fallback;
        }
        return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min
            ? value
            : throw new NodeConfigurationException(key, $"\"{text}\" is not a whole number >= {min}{(min == 0 ? " (0: no limit)" : "")}");
    }

    private static long MessageSize(string text)
    {
        var size = NodeOptions.ByteSize(MaxMessageSizeKey, text);
        return size > 0 ? size : throw new NodeConfigurationException(MaxMessageSizeKey, $"\"{text}\" must be more than 0 bytes");
    }

    private static TimeSpan Duration(string key, string text) =>
        HumanDuration.TryParse(text, out var value, out var error) && value > TimeSpan.Zero
            ? value
            : throw new NodeConfigurationException(key, value <= TimeSpan.Zero && error.Length == 0
                ? $"\"{text}\" must be longer than 0"
                : $"\"{text}\" is not a duration such as 30s, 5m or 1h ({error})");

    private static string Domain(string key, string text)
    {
        var name = text.StartsWith('.') ? text[1..] : text;
        return name.Length > 0 && Uri.CheckHostName(name) == UriHostNameType.Dns
            ? text.ToLowerInvariant()
            : throw new NodeConfigurationException(key, $"\"{text}\" is not a domain (example.com, or .example.com for its subdomains)");
    }
}
