using Akka.Mta.Policy;
using Microsoft.Extensions.Logging.Abstractions;

namespace Akka.Mta.Delivery.Tests.Reception;

/// <summary>A throwaway policy/ directory with the given init.lua, loaded by the real Lua host.</summary>
internal sealed class PolicyDirectory : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "akka-mta-policy-" + Guid.NewGuid().ToString("N"));

    public PolicyDirectory(string initLua)
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "init.lua"), initLua);
        Host = PolicyHost.Start(new PolicyHostOptions { PolicyFile = Path.Combine(_dir, "init.lua") }, NullLogger.Instance);
    }

    public IPolicyHost Host { get; }

    public void Dispose()
    {
        Host.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
