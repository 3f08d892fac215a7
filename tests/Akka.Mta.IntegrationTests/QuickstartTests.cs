using Akka.Mta.Core.Logging;
using Akka.Mta.Testing.Postfix;

namespace Akka.Mta.IntegrationTests;

/// <summary>
/// The README's quickstart, run as written: docs/quickstart.sh (which README.md shows verbatim) with
/// the built akka-mta, free ports and a copy of the local-sink policy pointed at the test's sink port.
/// </summary>
public sealed class QuickstartTests : IDisposable
{
    private const string SinkLine = "local SINK = '127.0.0.1:2526'";
    private readonly string _dir = Repository.TempDirectory("quickstart");

    [Fact]
    public void Readme_ShowsTheQuickstartScript_Verbatim()
    {
        var script = Repository.ReadText("docs/quickstart.sh").ReplaceLineEndings("\n");
        var readme = Repository.ReadText("README.md").ReplaceLineEndings("\n");

        Assert.True(readme.Contains("```sh\n" + script + "```\n", StringComparison.Ordinal),
            "README.md has docs/quickstart.sh, unchanged, in a ```sh block (copy the file into it after an edit)");
    }

    [Fact]
    public async Task QuickstartScript_SendsThroughTheMtaToTheSink_AndEveryStepShowsItsResult()
    {
        var policyDir = Path.Combine(_dir, "local-sink");
        Directory.CreateDirectory(policyDir);
        foreach (var file in Directory.GetFiles(Path.Combine(Repository.Root, "policy", "examples", "local-sink")))
        {
            File.Copy(file, Path.Combine(policyDir, Path.GetFileName(file)));
        }
        var sink = $"127.0.0.1:{Loopback.FreePort()}";
        var smtp = $"127.0.0.1:{Loopback.FreePort()}";
        var http = $"127.0.0.1:{Loopback.FreePort()}";
        var stats = $"127.0.0.1:{Loopback.FreePort()}";
        var policy = Path.Combine(policyDir, "init.lua");
        var lua = await File.ReadAllTextAsync(policy);
        Assert.Equal(1, CountOf(lua, SinkLine));
        await File.WriteAllTextAsync(policy, lua.Replace(SinkLine, $"local SINK = '{sink}'", StringComparison.Ordinal));
        var data = Path.Combine(_dir, "data");

        await using var script = ExternalProcess.Start("bash", [Path.Combine(Repository.Root, "docs", "quickstart.sh")],
            workingDirectory: Repository.Root, environment: new Dictionary<string, string?>
            {
                ["AKKA_MTA_BIN"] = AppContext.BaseDirectory,
                ["SMTP"] = smtp, ["HTTP"] = http, ["SINK"] = sink, ["SINK_STATS"] = stats,
                ["POLICY"] = policy, ["DATA"] = data,
                ["AKKAMTA__Dns__Servers"] = "127.0.0.1:9",
                ["AKKAMTA_TOKEN"] = null,
            });
        var exit = await script.WaitForExitAsync(TimeSpan.FromMinutes(4), "docs/quickstart.sh");
        var output = string.Join('\n', script.Lines);
        Assert.True(exit == 0, $"quickstart.sh exited {exit}. {script.Output}");

        var path = $"unspecified->mx_list:{sink}@smtp_client";
        Assert.Contains($"akka-mta sink: SMTP on {sink}", Step(output, 1));
        Assert.Contains($"akka-mta: SMTP on {smtp}, HTTP API on http://{http}", Step(output, 2));
        Assert.Contains("swaks: accepted", Step(output, 3));
        Assert.Contains("accepted 20, failed 0", Step(output, 4));
        var pathRow = Step(output, 5).Split('\n').Single(l => l.Contains(path, StringComparison.Ordinal));
        Assert.Equal("2", pathRow.Split('│')[5].Trim());                       // LIMIT: the shaping's connection_limit
        Assert.Contains("\"messages\": 21,", Step(output, 6));
        var record = LogRecord.FromJsonLine(Step(output, 7).Split('\n').Single(l => l.StartsWith("{\"type\":\"Delivery\"", StringComparison.Ordinal)));
        Assert.Equal(250, record.Response.Code);
        Assert.Contains(Step(output, 8).Split('\n'), l => l.StartsWith("Suspend", StringComparison.Ordinal) && l.Contains($"path {path}", StringComparison.Ordinal));
        Assert.Contains("1 active effects; 1 automation rules", Step(output, 8));
        Assert.Contains("akka-mta sink: stopping (SIGTERM)", output);
        Assert.Contains("akka-mta: stopped", output);

        // The visible limit: 5 messages a second, so the twenty injected ones took seconds, not milliseconds.
        var injected = Records(data).Where(r => r.Type == LogRecordType.Delivery && r.Recipient.EndsWith("@example.net", StringComparison.Ordinal))
            .Select(r => r.EventTime).Order().ToList();
        Assert.Equal(20, injected.Count);
        Assert.True(injected[^1] - injected[0] >= TimeSpan.FromSeconds(2), $"20 deliveries at 5/s took {injected[^1] - injected[0]}");
    }

    /// <summary>The output of step N: from its "== N." line to the next "== " line.</summary>
    private static string Step(string output, int n)
    {
        var start = output.IndexOf($"== {n}.", StringComparison.Ordinal);
        Assert.True(start >= 0, $"the script printed no step {n}: {output}");
        var end = output.IndexOf("\n== ", start + 1, StringComparison.Ordinal);
        return end < 0 ? output[start..] : output[start..end];
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    private static List<LogRecord> Records(string data) =>
        [.. Directory.GetFiles(Path.Combine(data, "logs")).SelectMany(File.ReadAllLines).Where(l => l.Length > 0).Select(LogRecord.FromJsonLine)];

    public void Dispose() => Repository.DeleteDirectory(_dir);
}
