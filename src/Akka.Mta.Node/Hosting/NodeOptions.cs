using System.Net;
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
    public const string DefaultDataDir = "./data";

    public IPEndPoint HttpListen { get; init; } = IPEndPoint.Parse(DefaultHttpListen);
    public string DataDir { get; init; } = Path.GetFullPath(DefaultDataDir);

    /// <summary>Builds checked options; a bad value throws <see cref="NodeConfigurationException"/> naming the key.</summary>
    public static NodeOptions FromConfiguration(IConfiguration configuration) => new()
    {
        HttpListen = Endpoint(configuration, "Http:Listen", DefaultHttpListen),
        DataDir = Path.GetFullPath(configuration["DataDir"] ?? DefaultDataDir),
    };

    private static IPEndPoint Endpoint(IConfiguration configuration, string key, string fallback)
    {
        var text = configuration[key] ?? fallback;
        return IPEndPoint.TryParse(text, out var endpoint)
            ? endpoint
            : throw new NodeConfigurationException(key, $"\"{text}\" is not IP:PORT (for example {fallback})");
    }
}

/// <summary>A configuration value that cannot be used; the message names the key.</summary>
public sealed class NodeConfigurationException(string key, string problem)
    : Exception($"configuration {key}: {problem}")
{
    public string Key { get; } = key;
}
