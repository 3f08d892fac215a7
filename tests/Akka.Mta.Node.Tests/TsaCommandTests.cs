using System.Text;
using System.Text.Json;
using Akka.Mta.Core.Logging;
using Akka.Mta.Shaping.Automation;

namespace Akka.Mta.Node.Tests;

/// <summary><c>akka-mta tsa replay</c> run as a real process over log files written as the node writes them.</summary>
public sealed class TsaCommandTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private const string YahooPath = "ip-1->(mta5|mta6|mta7).am0.yahoodns.net@smtp_client";
    private const string ComcastPath = "ip-1->(mx1a1|mx2c1).comcast.net@smtp_client";

    // KumoMTA's own Yahoo and Comcast rules (policy-extras shaping.toml), comcast.net as an mx_rollup block.
    private const string Shaping = """
        [provider."yahoo"]
        match=[{MXSuffix=".yahoodns.net"}]

        [[provider."yahoo".automation]]
        regex = "\\[TS?S04\\]"
        action = "Suspend"
        duration = "2 hours"

        ["comcast.net"]
        connection_limit = 25

        [["comcast.net".automation]]
        regex = "RL0000"
        action = {SetConfig={name="max_connection_rate", value="10000/h"}}
        trigger = {Threshold="2/hr"}
        duration = "2 hours"
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("akka-mta-tsa-").FullName;

    [Fact]
    public async Task Replay_PrintsEachActionThatWouldFire_InEventTimeOrder()
    {
        var shaping = Write("shaping.toml", Shaping);
        // Two files, each out of order with the other; a blank line is skipped.
        var logA = Write("a.log", Lines(
            Record(T0.AddMinutes(40), "421 4.2.0 Comcast block for spam RL000001", "user@comcast.net", ComcastPath),
            Record(T0.AddMinutes(5), "421 4.7.0 [TS04] Messages from 192.0.2.1 temporarily deferred", "user@yahoo.com", YahooPath)) + "\n\n");
        var logB = Write("b.log", Lines(
            Record(T0, "421 4.2.0 Comcast block for spam RL000001", "user@comcast.net", ComcastPath),
            Record(T0.AddMinutes(6), "250 2.0.0 ok", "user@yahoo.com", YahooPath, LogRecordType.Delivery)));

        var (exit, stdout, stderr) = await AkkaMtaProcess.RunAsync(["tsa", "replay", "--log", logA, logB, "--shaping", shaping]);

        Assert.True(exit == 0, $"exit {exit}, stderr: {stderr}");
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("TIME", lines[0]);
        Assert.Matches(@"^2026-11-23T10:05:00Z\s+Suspend\s+path ip-1->\(mta5\|mta6\|mta7\)\.am0\.yahoodns\.net@smtp_client\s+2h\s+2026-11-23T12:05:00Z\s+provider:yahoo/[0-9a-f]{12}$", lines[1]);
        Assert.Matches(@"^2026-11-23T10:40:00Z\s+SetConfig max_connection_rate = ""10000/h""\s+site \(mx1a1\|mx2c1\)\.comcast\.net source ip-1\s+2h\s+2026-11-23T12:40:00Z\s+site:", lines[2]);
        Assert.Equal("4 records replayed against 2 rules: 2 actions fired (2 new, 0 extended)", lines[^1]);
        Assert.DoesNotContain("log file(s)", stdout + stderr);     // redirected: no progress bar
    }

    [Fact]
    public async Task Replay_OnATerminal_ShowsProgress_AndStillPrintsTheTable()
    {
        var shaping = Write("shaping.toml", Shaping);
        var log = Write("a.log", Lines(Record(T0, "421 4.7.0 [TS04] Messages from 192.0.2.1 temporarily deferred", "user@yahoo.com", YahooPath)));
        var host = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var command = $"'{host}' '{Path.Combine(AppContext.BaseDirectory, "akka-mta.dll")}' tsa replay --log '{log}' --shaping '{shaping}'";

        // script(1) runs the command on a pseudo-terminal, as a person at a shell would.
        var start = new System.Diagnostics.ProcessStartInfo("script") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-qec", command, "/dev/null" })
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["TERM"] = "xterm";
        using var script = System.Diagnostics.Process.Start(start)!;
        var output = script.StandardOutput.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await script.WaitForExitAsync(deadline.Token);

        var terminal = await output;
        Assert.True(script.ExitCode == 0, $"exit {script.ExitCode}: {terminal}");
        Assert.Contains("reading 1 log file(s)", terminal);
        Assert.Contains("1 records replayed against 1 rules: 1 actions fired (1 new, 0 extended)", terminal);
    }

    [Fact]
    public async Task Replay_Json_ListsTheActionsWithTheirScope()
    {
        var shaping = Write("shaping.toml", Shaping);
        var log = Write("a.log", Lines(
            Record(T0, "421 4.7.0 [TSS04] deferred", "user@yahoo.com", YahooPath),
            Record(T0.AddMinutes(30), "421 4.7.0 [TSS04] deferred", "user@yahoo.com", YahooPath)));

        var (exit, stdout, stderr) = await AkkaMtaProcess.RunAsync(["tsa", "replay", "--json", "--log", log, "--shaping", shaping]);

        Assert.True(exit == 0, $"exit {exit}, stderr: {stderr}");
        using var json = JsonDocument.Parse(stdout);
        var actions = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, actions.Count);
        Assert.All(actions, a => Assert.Equal(("Suspend", YahooPath, 7200L), (a.GetProperty("action").GetString(), a.GetProperty("path").GetString(), a.GetProperty("duration_seconds").GetInt64())));
        Assert.False(actions[0].GetProperty("extended").GetBoolean());
        Assert.True(actions[1].GetProperty("extended").GetBoolean());
        Assert.Equal(T0.AddMinutes(150), actions[1].GetProperty("expires").GetDateTimeOffset());
        Assert.Equal("automation rule: \\[TS?S04\\]", actions[1].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Replay_BadLine_SaysFileAndLineAndExits1()
    {
        var shaping = Write("shaping.toml", Shaping);
        var log = Write("bad.log", Lines(Record(T0, "421 x", "user@yahoo.com", YahooPath)) + "\n{\"type\": \"Bounce\"\n");

        var (exit, stdout, stderr) = await AkkaMtaProcess.RunAsync(["tsa", "replay", "--log", log, "--shaping", shaping]);

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith($"{log}:3: ", stderr);
    }

    [Fact]
    public async Task Replay_ShapingErrors_AreReportedAndExit1()
    {
        var shaping = Write("shaping.toml", "[[\"example.com\".automation]]\nregex = \"x\"\naction = \"Suspnd\"\nduration = \"1h\"\n");
        var log = Write("a.log", "");

        var (exit, _, stderr) = await AkkaMtaProcess.RunAsync(["tsa", "replay", "--log", log, "--shaping", shaping]);

        Assert.Equal(1, exit);
        Assert.Contains("unknown action \"Suspnd\"", stderr);
    }

    private static LogRecord Record(DateTimeOffset time, string response, string recipient, string path, LogRecordType type = LogRecordType.TransientFailure) => new()
    {
        Type = type,
        Id = "0123456789abcdef0123456789abcdef",
        Sender = "sender@example.org",
        Recipient = recipient,
        Queue = recipient[(recipient.IndexOf('@') + 1)..],
        Site = path,
        Response = LogResponse.From(ResponseLine.Parse(response)),
        EventTime = time,
        CreatedTime = time,
        EgressSource = "ip-1",
    };

    private static string Lines(params LogRecord[] records) => string.Join("\n", records.Select(r => r.ToJsonLine())) + "\n";

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
