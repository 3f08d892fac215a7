using System.Diagnostics;

namespace Akka.Mta.Testing.Dkim;

/// <summary>
/// Private keys made by <c>openssl genpkey</c> (as an operator would make them) in a temporary
/// directory, removed on dispose.
/// </summary>
public sealed class DkimTestKeys : IDisposable
{
    private DkimTestKeys(string directory) => Directory = directory;

    public string Directory { get; }

    /// <summary>PKCS#8 PEM, RSA 2048-bit.</summary>
    public string RsaPath => Path.Combine(Directory, "rsa.pem");

    /// <summary>PKCS#8 PEM, Ed25519.</summary>
    public string Ed25519Path => Path.Combine(Directory, "ed25519.pem");

    public string RsaPem => File.ReadAllText(RsaPath);

    public string Ed25519Pem => File.ReadAllText(Ed25519Path);

    public static DkimTestKeys Create()
    {
        var directory = Path.Combine(Path.GetTempPath(), "akka-mta-dkim-keys-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var keys = new DkimTestKeys(directory);
        OpenSsl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", keys.RsaPath);
        OpenSsl("genpkey", "-algorithm", "ED25519", "-out", keys.Ed25519Path);
        return keys;
    }

    private static void OpenSsl(params string[] arguments)
    {
        var info = new ProcessStartInfo("/usr/bin/openssl") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)) || process.ExitCode != 0)
        {
            throw new InvalidOperationException($"openssl {string.Join(' ', arguments)} failed: {error}");
        }
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
