using System.Diagnostics;
using System.Text;

namespace Akka.Mta.Node.Tests;

/// <summary>Runs the built akka-mta (copied beside the tests) as a process, with the same dotnet host as the tests.</summary>
internal static class AkkaMtaProcess
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <param name="stdin">Written to standard input, which is then closed (closed at once when null).</param>
    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string[] args, IReadOnlyDictionary<string, string>? environment = null,
        string? stdin = null)
    {
        var host = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "akka-mta.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment.Remove("AKKAMTA_TOKEN");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }
        process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(Deadline);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"akka-mta {string.Join(' ', args)} did not exit within {Deadline.TotalSeconds} s");
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
