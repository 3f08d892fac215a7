using System.Collections;
using System.Text.RegularExpressions;
using Akka.Mta.Testing.Postfix;

namespace Akka.Mta.IntegrationTests;

/// <summary>
/// What a newcomer types: the README's `dotnet run` line in a fresh clone, and the built executable
/// started from a directory of their own with relative paths. Relative paths must mean the directory
/// the command was typed in.
/// </summary>
public sealed partial class ReadmeCommandTests
{
    private static readonly HttpClient Http = new();

    /// <summary>
    /// Clones the committed HEAD (commit first when running it locally), then runs the README's line as
    /// it is written, from the clone's root; the listeners come from AKKAMTA__ variables so the line
    /// stays literal and the ports free. It builds the clone: about two minutes, once.
    /// </summary>
    [Fact]
    public async Task ReadmeServeCommand_InAFreshClone_ServesWithThePolicyAndDataOfTheClone()
    {
        var line = ReadmeServeLine();
        Assert.Equal("dotnet run --project src/Akka.Mta.Node -- serve", line);
        var clone = Repository.TempDirectory("clone");
        try
        {
            await Repository.CloneAsync(clone);
            var environment = BuildEnvironment();
            environment["AKKAMTA__Smtp__Listen"] = "127.0.0.1:0";
            environment["AKKAMTA__Http__Listen"] = "127.0.0.1:0";
            environment["AKKAMTA__Dns__Servers"] = "127.0.0.1:9";
            await using var serve = ExternalProcess.Start("bash", ["-c", line], workingDirectory: clone, environment: environment);

            var ready = await serve.WaitForLineAsync(l => ReadyLine().IsMatch(l), TimeSpan.FromMinutes(8), "the README's serve to build and listen");

            var lines = serve.Lines;
            Assert.Contains($"akka-mta: policy {Path.Combine(clone, "policy", "init.lua")}", lines);
            Assert.Contains(lines, l => l.StartsWith($"akka-mta: data {Path.Combine(clone, "data")} (", StringComparison.Ordinal));
            var http = ReadyLine().Match(ready).Groups[1].Value;
            Assert.Equal("OK", await Http.GetStringAsync($"http://{http}/api/check-liveness/v1"));
            Assert.True(File.Exists(Path.Combine(clone, "data", "spool.db")), "the spool is in the clone's ./data");

            serve.SendSignal(ExternalProcess.SigTerm);
            Assert.Equal(0, await serve.WaitForExitAsync(TimeSpan.FromSeconds(30), "dotnet run after SIGTERM"));
        }
        finally
        {
            Repository.DeleteDirectory(clone);
        }
    }

    [Fact]
    public async Task BuiltServe_FromAnUnrelatedDirectory_ResolvesRelativePolicyAndDataThere()
    {
        var dir = Repository.TempDirectory("cwd");
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "mine"));
            await File.WriteAllTextAsync(Path.Combine(dir, "mine", "init.lua"), "local mta = require 'mta'\n");
            await using var serve = ExternalProcess.Start("dotnet",
                [AkkaMta.Dll, "serve", "--policy", "mine/init.lua", "--data-dir", "state", "--smtp-listen", "127.0.0.1:0", "--http-listen", "127.0.0.1:0"],
                workingDirectory: dir, environment: new Dictionary<string, string?> { ["AKKAMTA__Dns__Servers"] = "127.0.0.1:9" });

            var ready = await serve.WaitForLineAsync(l => ReadyLine().IsMatch(l), AkkaMta.Deadline, "serve's listeners");

            Assert.Contains($"akka-mta: policy {Path.Combine(dir, "mine", "init.lua")}", serve.Lines);
            Assert.Contains($"akka-mta: data {Path.Combine(dir, "state")} (spool {Path.Combine(dir, "state", "spool.db")}, logs {Path.Combine(dir, "state", "logs")})", serve.Lines);
            Assert.Equal("OK", await Http.GetStringAsync($"http://{ReadyLine().Match(ready).Groups[1].Value}/api/check-liveness/v1"));
            Assert.True(File.Exists(Path.Combine(dir, "state", "spool.db")), "the spool is under the directory serve was started in");
        }
        finally
        {
            Repository.DeleteDirectory(dir);
        }
    }

    [Fact]
    public async Task PathsInAConfigFile_AreRelativeToTheFile_NotToTheWorkingDirectory()
    {
        var dir = Repository.TempDirectory("config");
        try
        {
            var etc = Path.Combine(dir, "etc", "akka-mta");
            Directory.CreateDirectory(Path.Combine(etc, "policy"));
            await File.WriteAllTextAsync(Path.Combine(etc, "policy", "init.lua"), "local mta = require 'mta'\n");
            await File.WriteAllTextAsync(Path.Combine(etc, "node.json"),
                """{ "DataDir": "../../var/akka-mta", "Policy": { "File": "policy/init.lua" }, "Smtp": { "Listen": "127.0.0.1:0" }, "Http": { "Listen": "127.0.0.1:0" } }""");
            var elsewhere = Path.Combine(dir, "home");
            Directory.CreateDirectory(elsewhere);
            await using var serve = ExternalProcess.Start("dotnet", [AkkaMta.Dll, "serve", "--config", "../etc/akka-mta/node.json"],
                workingDirectory: elsewhere, environment: new Dictionary<string, string?> { ["AKKAMTA__Dns__Servers"] = "127.0.0.1:9" });

            await serve.WaitForLineAsync(l => ReadyLine().IsMatch(l), AkkaMta.Deadline, "serve's listeners");

            Assert.Contains($"akka-mta: policy {Path.Combine(etc, "policy", "init.lua")}", serve.Lines);
            Assert.Contains(serve.Lines, l => l.StartsWith($"akka-mta: data {Path.Combine(dir, "var", "akka-mta")} (", StringComparison.Ordinal));
        }
        finally
        {
            Repository.DeleteDirectory(dir);
        }
    }

    /// <summary>The `dotnet run` line of the README's "Two commands" block.</summary>
    private static string ReadmeServeLine()
    {
        var readme = Repository.ReadText("README.md");
        var lines = readme.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("dotnet run --project", StringComparison.Ordinal)).ToList();
        Assert.True(lines.Count >= 1, "README.md has a `dotnet run --project ...` line");
        return lines[0];
    }

    /// <summary>The test's environment without what `dotnet test` sets for its own MSBuild and test host.</summary>
    private static Dictionary<string, string?> BuildEnvironment()
    {
        var environment = new Dictionary<string, string?>();
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            var name = (string)entry.Key;
            if (name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("DOTNET_HOST_PATH", StringComparison.OrdinalIgnoreCase) || name.StartsWith("AKKAMTA", StringComparison.OrdinalIgnoreCase))
            {
                environment[name] = null;
            }
        }
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return environment;
    }

    [GeneratedRegex(@"^akka-mta: SMTP on 127\.0\.0\.1:\d+, HTTP API on http://(127\.0\.0\.1:\d+)$")]
    private static partial Regex ReadyLine();
}
