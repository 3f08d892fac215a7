using Microsoft.Extensions.Time.Testing;

namespace Akka.Mta.Policy.Tests;

public sealed class MemoizeTests
{
    private const string Policy = """
        local mta = require 'mta'
        local calls = 0
        local lookup = mta.memoize(function(name, n)
          calls = calls + 1
          return name .. ':' .. calls, n
        end, { ttl = '5 minutes', capacity = 2 })
        mta.on('get_egress_source', function(name)
          local value = lookup(name, 1)
          return { name = name, ehlo_domain = value }
        end)
        """;

    [Fact]
    public void CachedValue_IsReused_UntilTheTtlPasses()
    {
        var clock = new FakeTimeProvider();
        using var dir = new PolicyFixture(Policy);
        using var host = dir.Start(o => o with { TimeProvider = clock, MaxStates = 1 });

        Assert.Equal("a:1", host.GetEgressSource("a")!.EhloDomain);
        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal("a:1", host.GetEgressSource("a")!.EhloDomain);
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("a:2", host.GetEgressSource("a")!.EhloDomain);
    }

    [Fact]
    public void Capacity_EvictsTheOldestEntry()
    {
        var clock = new FakeTimeProvider();
        using var dir = new PolicyFixture(Policy);
        using var host = dir.Start(o => o with { TimeProvider = clock, MaxStates = 1 });

        Assert.Equal("a:1", host.GetEgressSource("a")!.EhloDomain);
        Assert.Equal("b:2", host.GetEgressSource("b")!.EhloDomain);
        Assert.Equal("c:3", host.GetEgressSource("c")!.EhloDomain); // evicts a
        Assert.Equal("b:2", host.GetEgressSource("b")!.EhloDomain);
        Assert.Equal("a:4", host.GetEgressSource("a")!.EhloDomain);
    }

    [Fact]
    public void ArgumentsOfDifferentTypes_AreDifferentKeys_AndMultipleResultsAreKept()
    {
        using var dir = new PolicyFixture("""
            local mta = require 'mta'
            local n = 0
            local f = mta.memoize(function(...) n = n + 1 return n, select('#', ...) end)
            mta.on('get_egress_source', function(name)
              local a = f('1') local b = f(1) local c = f(1.0) local d = f(1, nil) local e = f('1')
              local _, count = f(1, nil)
              return { name = name, ehlo_domain = table.concat({ a, b, c, d, e, count }, ',') }
            end)
            """);
        using var host = dir.Start();

        Assert.Equal("1,2,3,4,1,2", host.GetEgressSource("s")!.EhloDomain);
    }

    [Fact]
    public void BadOptions_AndTableArguments_AreErrors()
    {
        using var dir = new PolicyFixture("""
            local mta = require 'mta'
            local f = mta.memoize(function(t) return 1 end)
            mta.on('get_egress_source', function(name)
              if name == 'ttl' then mta.memoize(print, { ttl = 'soon' }) end
              if name == 'cap' then mta.memoize(print, { capacity = 0 }) end
              if name == 'arg' then f({}) end
            end)
            """);
        using var host = dir.Start();

        Assert.Equal("mta.memoize: ttl: expected a number of seconds or a duration such as \"5m\" or \"1 hour\", got \"soon\"",
            Assert.Throws<PolicyException>(() => host.GetEgressSource("ttl")).Error.Message);
        Assert.Equal("mta.memoize: capacity must be a positive integer", Assert.Throws<PolicyException>(() => host.GetEgressSource("cap")).Error.Message);
        var arg = Assert.Throws<PolicyException>(() => host.GetEgressSource("arg")).Error;
        Assert.Equal("mta.memoize: arguments must be strings, numbers, booleans or nil (argument 1 is a table)", arg.Message);
        Assert.Equal(6, arg.Line);
    }
}
