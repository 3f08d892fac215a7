namespace Akka.Mta.Policy.Tests;

public sealed class BudgetTests
{
    private const string Loops = """
        local mta = require 'mta'
        mta.on('get_egress_pool', function(name)
          if name == 'loop' then
            while true do end
          elseif name == 'pcall-loop' then
            while true do pcall(function() while true do end end) end
          elseif name == 'sort-loop' then
            table.sort({ 3, 2, 1 }, function(a, b) while true do end end)
          elseif name == 'coroutine-loop' then
            local co = coroutine.wrap(function() while true do end end)
            co()
          end
          return { name = name }
        end)
        """;

    [Theory]
    [InlineData("loop", 4)]
    [InlineData("pcall-loop", 6)]
    [InlineData("sort-loop", 8)]
    [InlineData("coroutine-loop", 10)]
    public void EndlessLoop_FailsTheCall_WithBudgetError_AndTheStateStaysUsable(string name, int line)
    {
        using var dir = new PolicyFixture(Loops);
        using var host = dir.Start(o => o with { InstructionBudget = 200_000, MaxStates = 1 });

        var ex = Assert.Throws<PolicyException>(() => host.GetEgressPool(name));

        Assert.Equal(PolicyEvents.GetEgressPool, ex.Error.Event);
        Assert.StartsWith("instruction budget exceeded (200000 instructions)", ex.Error.Message);
        Assert.Equal(dir.InitFile, ex.Error.File);
        Assert.Equal(line, ex.Error.Line);
        Assert.Equal("ok", host.GetEgressPool("ok")!.Name);
        Assert.Throws<PolicyException>(() => host.GetEgressPool(name));
        Assert.Equal("ok", host.GetEgressPool("ok")!.Name);
    }

    [Fact]
    public void EndlessLoop_WhileLoading_FailsStart()
    {
        using var dir = new PolicyFixture("local n = 0\nwhile true do n = n + 1 end\n");

        var ex = Assert.Throws<PolicyException>(() => dir.Start(o => o with { LoadInstructionBudget = 100_000 }));

        Assert.Equal(PolicyEvents.Load, ex.Error.Event);
        Assert.Equal(2, ex.Error.Line);
        Assert.StartsWith("instruction budget exceeded (100000 instructions)", ex.Error.Message);
    }

    [Fact]
    public void BudgetIsPerCall_NotCumulative()
    {
        using var dir = new PolicyFixture("""
            require('mta').on('get_egress_pool', function(name)
              local n = 0
              for i = 1, 20000 do n = n + i end
              return { name = name }
            end)
            """);
        using var host = dir.Start(o => o with { InstructionBudget = 200_000, MaxStates = 1 });

        for (var i = 0; i < 50; i++)
        {
            Assert.NotNull(host.GetEgressPool("p"));
        }
    }

    [Fact]
    public void MemoryHog_FailsTheCall_WithMemoryError_AndTheStateRecovers()
    {
        using var dir = new PolicyFixture("""
            require('mta').on('get_egress_pool', function(name)
              if name == 'hog' then
                local t = {}
                for i = 1, 1e9 do t[i] = string.rep('x', 100) .. i end
              elseif name == 'big' then
                local s = string.rep('x', 512 * 1024 * 1024)
              end
              return { name = name }
            end)
            """);
        using var host = dir.Start(o => o with { MemoryLimitBytes = 16 * 1024 * 1024, InstructionBudget = 1_000_000_000, MaxStates = 1 });

        var ex = Assert.Throws<PolicyException>(() => host.GetEgressPool("hog"));
        Assert.Equal("memory limit exceeded (16777216 bytes per Lua state)", ex.Error.Message);
        ex = Assert.Throws<PolicyException>(() => host.GetEgressPool("big"));
        Assert.Equal("memory limit exceeded (16777216 bytes per Lua state)", ex.Error.Message);
        Assert.Equal("ok", host.GetEgressPool("ok")!.Name);
    }
}
