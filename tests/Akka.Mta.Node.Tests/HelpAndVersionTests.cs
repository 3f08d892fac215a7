using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Akka.Mta.Node.Tests;

/// <summary>`--help` of every verb says each flag's default; `--version` names the version and the commit.</summary>
public sealed partial class HelpAndVersionTests
{
    public static TheoryData<string> Verbs() =>
    [
        "serve", "sink", "inject", "queues", "inspect", "suspend", "suspend-ready-q", "bounce", "rebind",
        "tsa replay", "tsa status", "dns mx", "dns lookup", "policy check", "shaping validate", "shaping explain",
        "shaping match", "toml decode", "toml encode", "cluster members", "cluster shards", "cluster singletons", "cluster leave",
    ];

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task Help_ListsEveryFlag_WithItsDefault(string verb)
    {
        var (exit, stdout, stderr) = await AkkaMtaProcess.RunAsync([.. verb.Split(' '), "--help"]);

        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        var options = stdout[(stdout.IndexOf("Options:", StringComparison.Ordinal) + "Options:".Length)..]
            .Split('\n').Where(l => l.StartsWith("  -", StringComparison.Ordinal) && !l.Contains("--help", StringComparison.Ordinal)).ToList();
        var missing = options.Where(l => !l.Contains("default", StringComparison.OrdinalIgnoreCase) && !l.Contains("(REQUIRED)", StringComparison.Ordinal)
            && !l.Contains("one of --", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, $"akka-mta {verb} --help: flags without a default: {string.Join(" | ", missing)}");
    }

    [Fact]
    public async Task ServeHelp_ShowsTheBuiltInDefaults()
    {
        var (_, stdout, _) = await AkkaMtaProcess.RunAsync(["serve", "--help"]);

        Assert.Contains("(default: 127.0.0.1:8000)", stdout);
        Assert.Contains("(default: 127.0.0.1:2525)", stdout);
        Assert.Contains("(default: ./data)", stdout);
        Assert.Contains("(default: policy/init.lua)", stdout);
    }

    [Fact]
    public async Task Version_PrintsTheVersionAndTheCommitOfThisRepository()
    {
        var (exit, stdout, _) = await AkkaMtaProcess.RunAsync(["--version"]);

        Assert.Equal(0, exit);
        var match = VersionLine().Match(stdout.Trim());
        Assert.True(match.Success, $"--version printed \"{stdout.Trim()}\"");
        // The commit is one this repository has (the build read it from git rev-parse HEAD).
        var git = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        foreach (var arg in new[] { "cat-file", "-t", match.Groups["commit"].Value })
        {
            git.ArgumentList.Add(arg);
        }
        using var process = Process.Start(git)!;
        var type = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal("commit", type.Trim());
    }

    [GeneratedRegex(@"^akka-mta \d+\.\d+\.\d+\S* \(commit (?<commit>[0-9a-f]{40})\)$")]
    private static partial Regex VersionLine();
}
