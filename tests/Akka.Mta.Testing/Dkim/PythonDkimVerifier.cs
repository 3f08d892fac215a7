using System.Diagnostics;
using System.Net;

namespace Akka.Mta.Testing.Dkim;

/// <summary>
/// python3-dkim (dkimpy, the library behind <c>dkimverify</c>) as an independent verifier. The
/// stock <c>dkimverify</c> asks the machine's resolver; this runs dkimpy's <c>DKIM.verify</c> with a
/// DNS function that asks the test's own unbound, so keys come from real DNS on loopback only.
/// </summary>
public static class PythonDkimVerifier
{
    public const string Python = "/usr/bin/python3";

    /// <summary>Verifies every signature of each message; the result per message is "ok N" or "fail reason".</summary>
    public static async Task<IReadOnlyList<string>> VerifyAsync(IPEndPoint dns, IReadOnlyList<byte[]> messages, TimeSpan? deadline = null)
    {
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException($"{Python} is missing: ./test.sh installs python3-dkim");
        }
        var directory = Path.Combine(Path.GetTempPath(), "akka-mta-dkim-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var script = Path.Combine(directory, "dkim_verify.py");
            await using (var resource = typeof(PythonDkimVerifier).Assembly.GetManifestResourceStream("Akka.Mta.Testing.Dkim.dkim_verify.py")!)
            await using (var file = File.Create(script))
            {
                await resource.CopyToAsync(file);
            }
            var paths = new List<string>();
            for (var i = 0; i < messages.Count; i++)
            {
                var path = Path.Combine(directory, $"m{i}.eml");
                await File.WriteAllBytesAsync(path, messages[i]);
                paths.Add(path);
            }
            var info = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { script, dns.Address.ToString(), dns.Port.ToString() }.Concat(paths))
            {
                info.ArgumentList.Add(argument);
            }
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(deadline ?? TimeSpan.FromMinutes(2));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"dkim_verify.py did not finish: {await stderr}");
            }
            var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var results = new List<string>();
            foreach (var path in paths)
            {
                var line = lines.FirstOrDefault(l => l.StartsWith(path + " ", StringComparison.Ordinal));
                results.Add(line is null ? $"fail no result (exit {process.ExitCode}): {await stderr}" : line[(path.Length + 1)..]);
            }
            return results;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
