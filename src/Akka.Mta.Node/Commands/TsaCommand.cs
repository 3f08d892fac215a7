using System.CommandLine;
using System.Text.Json;
using Akka.Mta.Core.Logging;
using Akka.Mta.Core.Queues;
using Akka.Mta.Shaping.Merging;
using Akka.Mta.Tsa;

namespace Akka.Mta.Node.Commands;

/// <summary>
/// <c>akka-mta tsa replay --log FILE... --shaping FILE... [--json]</c>: runs delivery log files
/// (JSON lines, as the node writes them) through the traffic shaping automation offline, in event
/// time order, and prints every action that would have fired: when, which rule, what it covers and
/// for how long. MX hosts for <c>mx_rollup</c> blocks and provider rules come from the site names in
/// the log itself, so no DNS is needed. Exit codes: 0 done, 1 a bad log line or shaping file errors,
/// 2 a file cannot be read.
/// </summary>
internal static partial class TsaCommand
{
    public static Command Create() => new("tsa", "traffic shaping automation tools")
    {
        CreateReplay(),
        CreateStatus(),
    };

    private static Command CreateReplay()
    {
        var logs = new Option<string[]>("--log") { Description = "delivery log files (JSON lines), any order", Required = true, AllowMultipleArgumentsPerToken = true };
        var shaping = new Option<string[]>("--shaping") { Description = "shaping files in load order (.toml or .json)", Required = true, AllowMultipleArgumentsPerToken = true };
        var json = new Option<bool>("--json") { Description = "print the actions as a JSON array instead of a table" };
        var command = new Command("replay", "replay delivery logs through the automation rules and print the actions that would fire") { logs, shaping, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var records = new List<LogRecord>();
            var paths = parse.GetValue(logs)!;
            var show = TerminalProgress.ShouldShow(parse.GetValue(json));
            var bytes = paths.Sum(p => File.Exists(p) ? new FileInfo(p).Length : 0);
            var readFailed = await TerminalProgress.RunAsync(show, $"reading {paths.Length} log file(s)", bytes, async done =>
            {
                foreach (var path in paths)
                {
                    if (await ReadLogAsync(path, records, error, cancellationToken) is int failed)
                    {
                        return (int?)failed;
                    }
                    done(File.Exists(path) ? new FileInfo(path).Length : 0);
                }
                return null;
            });
            if (readFailed is int code)
            {
                return code;
            }
            // Stable: records with equal times keep their file order.
            records = [.. records.OrderBy(r => r.EventTime)];
            var model = await ShapingLoader.LoadFilesAsync(parse.GetValue(shaping)!, MxFromLog(records), cancellationToken: cancellationToken);
            foreach (var diagnostic in model.Diagnostics)
            {
                await error.WriteLineAsync($"{diagnostic.Position}: {(diagnostic.IsError ? "error" : "warning")}: {(diagnostic.KeyPath.Length > 0 ? diagnostic.KeyPath + ": " : "")}{diagnostic.Message}");
            }
            if (model.HasErrors)
            {
                return 1;
            }
            var rules = new TsaRuleSet(model);
            var fired = await TerminalProgress.RunAsync(show, $"replaying {records.Count} records", records.Count,
                done => Task.Run(() => Replay(TsaState.Empty(rules), records, done), cancellationToken));
            if (parse.GetValue(json))
            {
                WriteJson(output, fired);
            }
            else
            {
                WriteTable(output, fired, records.Count, rules.Count);
            }
            return 0;
        });
        return command;
    }

    /// <summary>One fired action: the effect, and whether it extended one already in force.</summary>
    private sealed record Fired(TsaEffect Effect, bool Extended);

    private static List<Fired> Replay(TsaState state, IReadOnlyList<LogRecord> records, Action<double> done)
    {
        var fired = new List<Fired>();
        var sinceReport = 0;
        foreach (var record in records)
        {
            if (++sinceReport == 1000)
            {
                done(sinceReport);
                sinceReport = 0;
            }
            // The replay's clock is the log's: each record is processed at its own time.
            var now = record.EventTime;
            var before = state.Prune(now);
            var (next, effects) = before.Apply(record, now);
            foreach (var effect in effects)
            {
                var extended = before.ActiveEffects(now).Any(e => SameTarget(e, effect));
                fired.Add(new Fired(effect, extended));
            }
            state = next;
        }
        done(sinceReport);
        return fired;
    }

    private static bool SameTarget(TsaEffect a, TsaEffect b) =>
        a.Rule == b.Rule && a.Action == b.Action && a.Scope == b.Scope
        && (a is not ConfigOverrideEffect ca || b is not ConfigOverrideEffect cb || ca.Option == cb.Option);

    /// <summary>Reads one log file into <paramref name="records"/>; an exit code when it cannot.</summary>
    private static async Task<int?> ReadLogAsync(string path, List<LogRecord> records, TextWriter error, CancellationToken cancellationToken)
    {
        string[] lines;
        try
        {
            lines = await File.ReadAllLinesAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"akka-mta tsa replay: cannot read {path}: {e.Message}");
            return 2;
        }
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }
            try
            {
                records.Add(LogRecord.FromJsonLine(lines[i]));
            }
            catch (Exception e) when (e is JsonException or FormatException or ArgumentException or InvalidOperationException)
            {
                await error.WriteLineAsync($"{path}:{i + 1}: {e.Message}");
                return 1;
            }
        }
        return null;
    }

    /// <summary>
    /// MX answers for the shaping load, from the log: each recipient domain's hosts are recovered from
    /// the site name of the paths that delivered to it, so <c>mx_rollup</c> blocks resolve to the
    /// sites the log shows. Domains not in the log are not looked up.
    /// </summary>
    private static IMxHostsSource MxFromLog(IEnumerable<LogRecord> records)
    {
        var answers = new Dictionary<string, MxHostsResult>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            var at = record.Recipient.LastIndexOf('@');
            if (at < 0 || record.Site.Length == 0)
            {
                continue;
            }
            var domain = MxHostsResult.Normalize(record.Recipient[(at + 1)..]);
            var site = ShapingModel.SiteFromReadyQueueName(record.Site, string.IsNullOrEmpty(record.EgressSource) ? EgressPathId.UnspecifiedSource : record.EgressSource);
            if (!answers.ContainsKey(domain) && SiteHosts.Expand(site).Count > 0)
            {
                answers[domain] = SiteHosts.ToMx(site);
            }
        }
        return new StaticMxHostsSource(answers, new NoDnsMxHostsSource("the domain has no records in the replayed logs"));
    }
}
