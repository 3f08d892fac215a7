using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Akka.Mta.Testing.Postfix;

namespace Akka.Mta.IntegrationTests;

/// <summary><c>akka-mta sink</c> as a separate process, with its SMTP port and its /stats.</summary>
internal sealed partial class SinkProcess : IAsyncDisposable
{
    private static readonly HttpClient Http = new();
    private readonly ExternalProcess _process;

    private SinkProcess(ExternalProcess process, IPEndPoint smtp, string stats)
    {
        _process = process;
        Smtp = smtp;
        StatsUrl = stats;
    }

    public IPEndPoint Smtp { get; }

    public string StatsUrl { get; }

    /// <param name="replyConfig">A reply rules file (<c>--reply-config</c>).</param>
    public static async Task<SinkProcess> StartAsync(string? replyConfig = null)
    {
        string[] extra = replyConfig is null ? [] : ["--reply-config", replyConfig];
        var process = ExternalProcess.Start("dotnet", [AkkaMta.Dll, "sink", "--listen", "127.0.0.1:0", "--http", "127.0.0.1:0", .. extra]);
        var smtp = await process.WaitForLineAsync(l => SmtpLine().IsMatch(l), AkkaMta.Deadline, "the sink's SMTP port");
        var stats = await process.WaitForLineAsync(l => StatsLine().IsMatch(l), AkkaMta.Deadline, "the sink's stats URL");
        return new SinkProcess(process, IPEndPoint.Parse(SmtpLine().Match(smtp).Groups[1].Value), StatsLine().Match(stats).Groups[1].Value);
    }

    public async Task<JsonObject> StatsAsync() => (await Http.GetFromJsonAsync<JsonObject>(StatsUrl))!;

    public async Task<long> MessagesAsync() => (long)(await StatsAsync())["messages"]!;

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    [GeneratedRegex(@"SMTP on (127\.0\.0\.1:\d+)")]
    private static partial Regex SmtpLine();

    [GeneratedRegex(@"stats on (http://\S+)")]
    private static partial Regex StatsLine();
}

/// <summary>
/// <c>akka-mta serve</c> as a separate process on a data directory and a policy directory the test
/// owns; DNS points at a closed loopback port (every queue routes by <c>mx_list</c>).
/// </summary>
internal sealed partial class NodeProcess : IAsyncDisposable
{
    private readonly ExternalProcess _process;

    private NodeProcess(ExternalProcess process, IPEndPoint smtp, Uri http)
    {
        _process = process;
        Smtp = smtp;
        Http = new HttpClient { BaseAddress = http };
    }

    public IPEndPoint Smtp { get; }

    public HttpClient Http { get; }

    public string Output => _process.Output;

    public Uri HttpUrl => Http.BaseAddress!;

    public static async Task<NodeProcess> StartAsync(string dataDir, string policyFile)
    {
        var process = ExternalProcess.Start("dotnet",
        [
            AkkaMta.Dll, "serve", "--smtp-listen", "127.0.0.1:0", "--http-listen", "127.0.0.1:0",
            "--data-dir", dataDir, "--policy", policyFile,
        ]);
        var ready = await process.WaitForLineAsync(l => ReadyLine().IsMatch(l), AkkaMta.Deadline, "the node's listeners");
        var match = ReadyLine().Match(ready);
        return new NodeProcess(process, IPEndPoint.Parse(match.Groups[1].Value), new Uri("http://" + match.Groups[2].Value));
    }

    /// <summary>SIGKILL: the node gets no chance to flush or close anything.</summary>
    public void Kill() => _process.Kill();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _process.DisposeAsync();
    }

    [GeneratedRegex(@"SMTP on (127\.0\.0\.1:\d+), HTTP API on http://(127\.0\.0\.1:\d+)")]
    private static partial Regex ReadyLine();
}

internal static class AkkaMta
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "akka-mta.dll");
}
