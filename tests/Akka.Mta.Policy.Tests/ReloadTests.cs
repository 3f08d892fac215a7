using Microsoft.Extensions.Logging;

namespace Akka.Mta.Policy.Tests;

public sealed class ReloadTests
{
    private static string Version(string v) => $$"""
        local mta = require 'mta'
        mta.on('get_egress_source', function(name) return { name = name, ehlo_domain = '{{v}}' } end)
        """;

    [Fact]
    public void Reload_WithChangedFiles_SwapsInANewEpoch()
    {
        using var dir = new PolicyFixture(Version("v1"));
        using var host = dir.Start();
        Assert.Equal("v1", host.GetEgressSource("s")!.EhloDomain);
        var firstHash = host.Hash;

        dir.Write("init.lua", Version("v2"));
        var result = host.Reload();

        Assert.Equal(PolicyReloadOutcome.Reloaded, result.Outcome);
        Assert.Equal(2, result.Epoch);
        Assert.Equal(2, host.Epoch);
        Assert.NotEqual(firstHash, host.Hash);
        Assert.Equal("v2", host.GetEgressSource("s")!.EhloDomain);
    }

    [Fact]
    public void Reload_WithoutChanges_IsUnchanged()
    {
        using var dir = new PolicyFixture(Version("v1"));
        using var host = dir.Start();

        var result = host.Reload();

        Assert.Equal(PolicyReloadOutcome.Unchanged, result.Outcome);
        Assert.Equal(1, host.Epoch);
    }

    [Fact]
    public void Reload_OfAChangedDataFile_AlsoCounts()
    {
        using var dir = new PolicyFixture(Version("v1"), ("shaping.toml", "[default]\nconnection_limit = 1\n"));
        using var host = dir.Start();

        dir.Write("shaping.toml", "[default]\nconnection_limit = 2\n");

        Assert.Equal(PolicyReloadOutcome.Reloaded, host.Reload().Outcome);
    }

    [Fact]
    public void Reload_OfABrokenFile_KeepsTheOldPolicy_AndLogsFileAndLine()
    {
        using var dir = new PolicyFixture(Version("v1"));
        using var host = dir.Start();

        dir.Write("init.lua", "local mta = require 'mta'\nmta.on('get_egress_source', function(name)\n  return {\nend)\n");
        var result = host.Reload();

        Assert.Equal(PolicyReloadOutcome.Failed, result.Outcome);
        Assert.Equal(1, result.Epoch);
        Assert.Equal(dir.InitFile, result.Error!.File);
        Assert.Equal(4, result.Error.Line);
        Assert.Equal("v1", host.GetEgressSource("s")!.EhloDomain);
        Assert.Contains(dir.Logger.Records, r => r.Level == LogLevel.Error && r.Text.Contains($"{dir.InitFile}:4: load:"));

        dir.Write("init.lua", Version("v3"));
        Assert.Equal(PolicyReloadOutcome.Reloaded, host.Reload().Outcome);
        Assert.Equal("v3", host.GetEgressSource("s")!.EhloDomain);
    }

    [Fact]
    public async Task Reload_WhileCallsRun_NeverMixesVersions()
    {
        using var dir = new PolicyFixture(Version("v1"));
        using var host = dir.Start(o => o with { MaxStates = 3 });
        using var stop = new CancellationTokenSource();
        var seen = new System.Collections.Concurrent.ConcurrentBag<string>();
        var callers = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                seen.Add(host.GetEgressSource("s")!.EhloDomain!);
            }
        })).ToArray();

        for (var i = 2; i <= 6; i++)
        {
            dir.Write("init.lua", Version("v" + i));
            Assert.Equal(PolicyReloadOutcome.Reloaded, host.Reload().Outcome);
        }
        var last = host.GetEgressSource("s")!.EhloDomain;
        stop.Cancel();
        await Task.WhenAll(callers);

        Assert.Equal("v6", last);
        Assert.All(seen, v => Assert.Matches("^v[1-6]$", v));
    }

    [Fact]
    public void Watcher_ReloadsWhenAFileChanges()
    {
        using var dir = new PolicyFixture(Version("v1"));
        using var host = dir.Start(o => o with { WatchFiles = true });

        dir.Write("init.lua", Version("v2"));

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (host.Epoch < 2 && DateTime.UtcNow < deadline)
        {
            Thread.Yield();
        }
        Assert.True(host.Epoch >= 2, "waited 30 s for the file watcher to reload the changed init.lua (epoch 2)");
        Assert.Equal("v2", host.GetEgressSource("s")!.EhloDomain);
    }
}
