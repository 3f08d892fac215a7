using System.Text.RegularExpressions;
using Akka.Mta.Testing.Postfix;

namespace Akka.Mta.IntegrationTests;

/// <summary>
/// `docker stop`, systemd and Ctrl+C: the long-running verbs stop on SIGTERM and SIGINT within a few
/// seconds, exit 0, and say so.
/// </summary>
public sealed partial class SignalTests : IDisposable
{
    private static readonly TimeSpan StopWithin = TimeSpan.FromSeconds(10);
    private readonly string _dir = Repository.TempDirectory("signal");

    [Theory]
    [InlineData(ExternalProcess.SigTerm, "SIGTERM", true)]
    [InlineData(ExternalProcess.SigInt, "SIGINT", true)]
    [InlineData(ExternalProcess.SigTerm, "SIGTERM", false)]
    [InlineData(ExternalProcess.SigInt, "SIGINT", false)]
    public async Task Sink_StopsCleanly_OnTheSignal(int signal, string name, bool withStats)
    {
        string[] stats = withStats ? ["--http", "127.0.0.1:0"] : [];
        await using var sink = ExternalProcess.Start("dotnet", [AkkaMta.Dll, "sink", "--listen", "127.0.0.1:0", .. stats]);
        await sink.WaitForLineAsync(l => l.Contains(withStats ? "stats on http://" : "SMTP on", StringComparison.Ordinal), AkkaMta.Deadline, "the sink's listeners");

        sink.SendSignal(signal);

        Assert.Equal(0, await sink.WaitForExitAsync(StopWithin, $"the sink after {name}"));
        Assert.Contains($"akka-mta sink: stopping ({name})", sink.Lines);
    }

    [Theory]
    [InlineData(ExternalProcess.SigTerm, "SIGTERM")]
    [InlineData(ExternalProcess.SigInt, "SIGINT")]
    public async Task Serve_StopsCleanly_OnTheSignal(int signal, string name)
    {
        var policy = Path.Combine(_dir, "policy", "init.lua");
        Directory.CreateDirectory(Path.GetDirectoryName(policy)!);
        await File.WriteAllTextAsync(policy, "local mta = require 'mta'\n");
        await using var serve = ExternalProcess.Start("dotnet",
            [AkkaMta.Dll, "serve", "--policy", policy, "--data-dir", Path.Combine(_dir, "data"), "--smtp-listen", "127.0.0.1:0", "--http-listen", "127.0.0.1:0"],
            environment: new Dictionary<string, string?> { ["AKKAMTA__Dns__Servers"] = "127.0.0.1:9" });
        await serve.WaitForLineAsync(l => ReadyLine().IsMatch(l), AkkaMta.Deadline, "serve's listeners");

        serve.SendSignal(signal);

        Assert.Equal(0, await serve.WaitForExitAsync(StopWithin, $"serve after {name}"));
        Assert.Contains($"akka-mta: stopping ({name})", serve.Lines);
        Assert.Contains("akka-mta: stopped", serve.Lines);
    }

    public void Dispose() => Repository.DeleteDirectory(_dir);

    [GeneratedRegex(@"^akka-mta: SMTP on 127\.0\.0\.1:\d+, HTTP API on http://127\.0\.0\.1:\d+$")]
    private static partial Regex ReadyLine();
}
