using System.Net;

namespace Akka.Mta.Node.Hosting;

/// <summary>What a node needs to start; filled from the command line and configuration.</summary>
public sealed record NodeOptions
{
    public const string DefaultHttpListen = "127.0.0.1:8000";
    public const string DefaultDataDir = "./data";

    public IPEndPoint HttpListen { get; init; } = IPEndPoint.Parse(DefaultHttpListen);
    public string DataDir { get; init; } = Path.GetFullPath(DefaultDataDir);
}
