using System.Collections.Concurrent;
using System.Text;
using Akka.Mta.Testing.SmtpServer;
using Microsoft.Extensions.Logging;

namespace Akka.Mta.Policy.Tests;

/// <summary>
/// A policy rewritten in place while calls run (<c>cat &gt; init.lua</c>: the file is empty, then
/// half written, for a moment) never leaves a caller without the handlers the policy had.
/// </summary>
public sealed class InPlaceRewriteTests
{
    private static string SourcePart(int v) => $$"""
        local mta = require 'mta'
        mta.on('get_egress_source', function(name) return { name = name, ehlo_domain = 'v{{v}}' } end)

        """;

    private const string PoolPart = """
        mta.on('get_egress_pool', function(name) return { name = name, entries = { { name = 'a' } } } end)

        """;

    /// <summary>How long the slow writer leaves the file empty, then half written.</summary>
    private static readonly TimeSpan SlowWriterPause = TimeSpan.FromMilliseconds(30);

    private static string Whole(int v) => SourcePart(v) + PoolPart;

    [Fact]
    public void Reload_OfAnEmptiedFile_IsRefused_AndTheOldPolicyKeepsRunning()
    {
        using var dir = new PolicyFixture(Whole(1));
        using var host = dir.Start();

        dir.Write("init.lua", "");
        var result = host.Reload();

        Assert.Equal(PolicyReloadOutcome.Refused, result.Outcome);
        Assert.Equal(1, result.Epoch);
        Assert.Equal(["get_egress_pool", "get_egress_source"], result.DroppedHandlers.Order());
        Assert.Equal(dir.InitFile, result.Error!.File);
        Assert.Equal("v1", host.GetEgressSource("s")!.EhloDomain);
        Assert.NotNull(host.GetEgressPool("p"));
        Assert.Contains(dir.Logger.Records, r => r.Level == LogLevel.Error && r.Id.Id == 8013
            && r.Text.Contains("no longer registers get_egress_pool, get_egress_source", StringComparison.Ordinal) && r.Text.Contains(dir.InitFile, StringComparison.Ordinal));
    }

    [Fact]
    public void Reload_OfAHalfWrittenFile_ThatLostAHandler_IsRefused_ThenTheWholeFileLoads()
    {
        using var dir = new PolicyFixture(Whole(1));
        using var host = dir.Start();

        dir.Write("init.lua", SourcePart(2));
        var half = host.Reload();
        dir.Write("init.lua", Whole(2));
        var whole = host.Reload();

        Assert.Equal(PolicyReloadOutcome.Refused, half.Outcome);
        Assert.Equal(["get_egress_pool"], half.DroppedHandlers);
        Assert.Equal(PolicyReloadOutcome.Reloaded, whole.Outcome);
        Assert.Equal(2, whole.Epoch);
        Assert.Equal("v2", host.GetEgressSource("s")!.EhloDomain);
    }

    [Fact]
    public void Reload_AllowingDroppedHandlers_DropsThem()
    {
        using var dir = new PolicyFixture(Whole(1));
        using var host = dir.Start();

        dir.Write("init.lua", SourcePart(2));
        var result = host.Reload(allowDroppedHandlers: true);

        Assert.Equal(PolicyReloadOutcome.Reloaded, result.Outcome);
        Assert.Null(host.GetEgressPool("p"));
        Assert.Equal("v2", host.GetEgressSource("s")!.EhloDomain);
    }

    [Fact]
    public void Reload_AddingAHandler_IsAllowed()
    {
        using var dir = new PolicyFixture(SourcePart(1));
        using var host = dir.Start();

        dir.Write("init.lua", Whole(2));

        Assert.Equal(PolicyReloadOutcome.Reloaded, host.Reload().Outcome);
        Assert.NotNull(host.GetEgressPool("p"));
    }

    /// <summary>
    /// The probe that found the bug: the file truncated and rewritten in two writes, 30 times, while
    /// callers ask for both handlers. No caller may ever get "no handler" (null: the built-in defaults).
    /// </summary>
    [Fact]
    public async Task Watcher_InPlaceRewritesUnderLoad_NeverInstallAPolicyWithoutItsHandlers()
    {
        const int writes = 30;
        using var dir = new PolicyFixture(Whole(1));
        using var host = dir.Start(o => o with { WatchFiles = true, ReloadQuietPeriod = TimeSpan.FromMilliseconds(200) });
        using var stop = new CancellationTokenSource();
        var missing = new ConcurrentQueue<string>();
        var seen = new ConcurrentBag<string>();
        var callers = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (host.GetEgressSource("s") is { } source)
                {
                    seen.Add(source.EhloDomain!);
                }
                else
                {
                    missing.Enqueue($"get_egress_source at epoch {host.Epoch}");
                }
                if (host.GetEgressPool("p") is null)
                {
                    missing.Enqueue($"get_egress_pool at epoch {host.Epoch}");
                }
            }
        })).ToArray();

        for (var v = 2; v <= writes + 1; v++)
        {
            // As `cat > init.lua` fed by a slow pipe does: truncate, then write the content in
            // pieces with pauses between them. The pauses shape the input; nothing waits on them.
            await using var file = new FileStream(dir.InitFile, FileMode.Truncate, FileAccess.Write, FileShare.ReadWrite);
            await file.FlushAsync();
            await Task.Delay(SlowWriterPause);
            await file.WriteAsync(Encoding.UTF8.GetBytes(SourcePart(v)));
            await file.FlushAsync();
            await Task.Delay(SlowWriterPause);
            await file.WriteAsync(Encoding.UTF8.GetBytes(PoolPart));
        }
        await Eventually.HoldsAsync(() => host.GetEgressSource("s")?.EhloDomain == $"v{writes + 1}",
            $"the watcher to load the last rewrite (v{writes + 1}); running epoch {host.Epoch}");
        stop.Cancel();
        await Task.WhenAll(callers);

        Assert.Empty(missing);
        Assert.All(seen, v => Assert.Matches(@"^v\d+$", v));
    }
}
