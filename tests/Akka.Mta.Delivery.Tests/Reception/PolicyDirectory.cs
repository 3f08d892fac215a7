using Akka.Mta.Policy;
using Akka.Mta.Policy.Shaping;
using Microsoft.Extensions.Logging.Abstractions;

namespace Akka.Mta.Delivery.Tests.Reception;

/// <summary>A throwaway policy/ directory with the given init.lua, loaded by the real Lua host.</summary>
internal sealed class PolicyDirectory : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "akka-mta-policy-" + Guid.NewGuid().ToString("N"));

    /// <param name="files">Other files of the directory (shaping files), by name.</param>
    public PolicyDirectory(string initLua, IReadOnlyDictionary<string, string>? files = null)
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "init.lua"), initLua);
        foreach (var (name, content) in files ?? new Dictionary<string, string>())
        {
            File.WriteAllText(Path.Combine(_dir, name), content);
        }
        Host = PolicyHost.Start(new PolicyHostOptions { PolicyFile = Path.Combine(_dir, "init.lua"), ShapingLoader = Shaping }, NullLogger.Instance);
    }

    /// <summary>What <c>mta.shaping.load</c> uses here: no DNS, the files of this directory.</summary>
    public ShapingLibraryLoader Shaping { get; } = new(Akka.Mta.Shaping.Merging.NoDnsMxHostsSource.Instance);

    public IPolicyHost Host { get; }

    public void Dispose()
    {
        Host.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
