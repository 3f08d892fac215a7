using System.Net;
using System.Text.Json.Nodes;
using Akka.Mta.Core.Throttling;

namespace Akka.Mta.Policy.Options;

/// <summary>
/// An egress source as <c>get_egress_source(name)</c> returns it (KumoMTA <c>make_egress_source</c>,
/// spec 1.9): where connections for this source come from.
/// </summary>
public sealed record EgressSource(string Name)
{
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromSeconds(60);

    public string? EhloDomain { get; init; }
    public IPAddress? SourceAddress { get; init; }
    public int? RemotePort { get; init; }
    public IPEndPoint? HaProxyServer { get; init; }
    public IPAddress? HaProxySourceAddress { get; init; }
    public IPEndPoint? Socks5ProxyServer { get; init; }
    public IPAddress? Socks5ProxySourceAddress { get; init; }
    public string? Socks5ProxyUsername { get; init; }
    public string? Socks5ProxyPassword { get; init; }
    public SuspendPolicy? SuspendWhenUnplumbed { get; init; }
    public SuspendPolicy? SuspendWhenProxyUnhealthy { get; init; }

    /// <summary>How long the MTA may cache this answer.</summary>
    public TimeSpan Ttl { get; init; } = DefaultTtl;

    /// <summary>Checks a returned table; <c>name</c> defaults to the requested name and must match it when given.</summary>
    public static EgressSource Parse(JsonObject options, string requestedName)
    {
        var r = new OptionReader(options, string.Empty);
        var name = r.String("name") ?? requestedName;
        if (name != requestedName)
        {
            r.Problems.Add($"name: \"{name}\" returned for source \"{requestedName}\"");
        }
        var source = new EgressSource(name)
        {
            EhloDomain = r.String("ehlo_domain"),
            SourceAddress = r.Address("source_address"),
            RemotePort = (int?)r.Integer("remote_port", 1, 65535),
            HaProxyServer = r.EndPoint("ha_proxy_server"),
            HaProxySourceAddress = r.Address("ha_proxy_source_address"),
            Socks5ProxyServer = r.EndPoint("socks5_proxy_server"),
            Socks5ProxySourceAddress = r.Address("socks5_proxy_source_address"),
            Socks5ProxyUsername = r.String("socks5_proxy_username"),
            Socks5ProxyPassword = r.String("socks5_proxy_password"),
            SuspendWhenUnplumbed = SuspendPolicy.Read(r, "suspend_when_unplumbed"),
            SuspendWhenProxyUnhealthy = SuspendPolicy.Read(r, "suspend_when_proxy_unhealthy"),
            Ttl = r.Duration("ttl") ?? DefaultTtl,
        };
        r.RejectUnknownKeys();
        return r.Problems.Count == 0 ? source : throw new OptionsException(r.Problems);
    }
}

/// <summary>
/// <c>{trigger="Immediate"|{Threshold="N/period"}, duration=...}</c>: when to suspend a source
/// whose address is not plumbed or whose proxy is unhealthy, and for how long.
/// </summary>
public sealed record SuspendPolicy(string Trigger, TimeSpan Duration)
{
    internal static SuspendPolicy? Read(OptionReader parent, string key)
    {
        var node = parent.Raw(key);
        if (node is null)
        {
            return null;
        }
        if (node is not JsonObject obj)
        {
            parent.Problems.Add($"{key}: expected a table {{trigger=..., duration=...}}, got {OptionReader.Describe(node)}");
            return null;
        }
        var r = new OptionReader(obj, key + ".");
        var trigger = ReadTrigger(r);
        var duration = r.Duration("duration");
        if (duration is null && !obj.ContainsKey("duration"))
        {
            r.Problems.Add($"{key}.duration: required");
        }
        r.RejectUnknownKeys();
        parent.Problems.AddRange(r.Problems);
        return trigger is not null && duration is not null ? new SuspendPolicy(trigger, duration.Value) : null;
    }

    private static string? ReadTrigger(OptionReader r)
    {
        var node = r.Raw("trigger");
        if (node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String && v.GetValue<string>() == "Immediate")
        {
            return "Immediate";
        }
        if (node is JsonObject t && t.Count == 1 && t["Threshold"] is JsonValue tv
            && tv.GetValueKind() == System.Text.Json.JsonValueKind.String && IsThreshold(tv.GetValue<string>()))
        {
            return "Threshold=" + tv.GetValue<string>();
        }
        r.Problems.Add($"trigger: expected \"Immediate\" or {{Threshold=\"N/period\"}}, got {OptionReader.Describe(node)}");
        return null;
    }

    private static bool IsThreshold(string text) => ThrottleSpec.TryParse(text, out _, out _);
}
