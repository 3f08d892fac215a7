using System.Text.RegularExpressions;
using Akka.Mta.Testing.Postfix;

namespace Akka.Mta.IntegrationTests;

/// <summary>What `serve` writes to the console: no line per HTTP request unless Http:AccessLog asks for it.</summary>
public sealed partial class ConsoleOutputTests : IDisposable
{
    private static readonly HttpClient Http = new();
    private readonly string _dir = Repository.TempDirectory("console");

    [Fact]
    public async Task ByDefault_HttpRequestsWriteNoConsoleLines_ButTheMtaStillLogsAtInformation()
    {
        await using var serve = await StartAsync(accessLog: null);
        var url = $"http://{ReadyLine().Match(await serve.WaitForLineAsync(l => ReadyLine().IsMatch(l), AkkaMta.Deadline, "listeners")).Groups[1].Value}";

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("OK", await Http.GetStringAsync($"{url}/api/check-liveness/v1?probe={i}"));
        }
        await Http.GetStringAsync($"{url}/api/admin/queues/v1");
        // Stopping flushes the console logger: every line it would have written for the requests is out.
        serve.SendSignal(ExternalProcess.SigTerm);
        Assert.Equal(0, await serve.WaitForExitAsync(TimeSpan.FromSeconds(10), "serve"));

        var output = string.Join('\n', serve.Lines);
        Assert.DoesNotContain("check-liveness", output);
        Assert.DoesNotContain("Request starting", output);
        Assert.DoesNotContain("Microsoft.AspNetCore", output);
        Assert.DoesNotContain("Microsoft.Hosting.Lifetime", output);
        Assert.Contains("info: Akka.Mta.Policy", output);      // the MTA's own categories at Information
    }

    [Fact]
    public async Task AccessLogOn_WritesOneLinePerRequest_WithMethodPathStatusAndClient()
    {
        await using var serve = await StartAsync(accessLog: "true");
        var url = $"http://{ReadyLine().Match(await serve.WaitForLineAsync(l => ReadyLine().IsMatch(l), AkkaMta.Deadline, "listeners")).Groups[1].Value}";

        await Http.GetStringAsync($"{url}/api/check-liveness/v1?probe=7");
        using var missing = await Http.GetAsync($"{url}/no/such/path");

        await serve.WaitForLineAsync(l => AccessLine("GET /api/check-liveness/v1\\?probe=7 200").IsMatch(l), AkkaMta.Deadline, "the liveness access line");
        await serve.WaitForLineAsync(l => AccessLine("GET /no/such/path 404").IsMatch(l), AkkaMta.Deadline, "the 404 access line");
        Assert.Single(serve.Lines, l => l.Contains("check-liveness", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AccessLogNotABoolean_IsRefused_NamingTheKey()
    {
        await using var serve = await StartAsync(accessLog: "sometimes");

        Assert.Equal(2, await serve.WaitForExitAsync(AkkaMta.Deadline, "serve with a bad Http:AccessLog"));
        Assert.Contains("configuration Http:AccessLog: \"sometimes\" is not true or false", serve.Output);
    }

    private async Task<ExternalProcess> StartAsync(string? accessLog)
    {
        var policy = Path.Combine(_dir, "policy", "init.lua");
        Directory.CreateDirectory(Path.GetDirectoryName(policy)!);
        await File.WriteAllTextAsync(policy, "local mta = require 'mta'\n");
        return ExternalProcess.Start("dotnet",
            [AkkaMta.Dll, "serve", "--policy", policy, "--data-dir", Path.Combine(_dir, "data"), "--smtp-listen", "127.0.0.1:0", "--http-listen", "127.0.0.1:0"],
            environment: new Dictionary<string, string?> { ["AKKAMTA__Dns__Servers"] = "127.0.0.1:9", ["AKKAMTA__Http__AccessLog"] = accessLog });
    }

    private static Regex AccessLine(string request) => new($@"info: Akka\.Mta\.Node\.Hosting\.HttpAccessLog\[9501\] {request} \d+\.\dms 127\.0\.0\.1$");

    public void Dispose() => Repository.DeleteDirectory(_dir);

    [GeneratedRegex(@"^akka-mta: SMTP on 127\.0\.0\.1:\d+, HTTP API on http://(127\.0\.0\.1:\d+)$")]
    private static partial Regex ReadyLine();
}
