namespace Akka.Mta.Policy.Tests;

public sealed class SandboxTests
{
    private static PolicyError? ErrorOf(PolicyFixture dir, string body)
    {
        dir.Write("probe.lua", "return function()\n" + body + "\nend\n");
        using var host = dir.Start();
        try
        {
            host.GetEgressPool("probe");
            return null;
        }
        catch (PolicyException ex)
        {
            return ex.Error;
        }
    }

    private static PolicyFixture Fixture() => new("""
        local mta = require 'mta'
        local probe = require 'probe'
        mta.on('get_egress_pool', function(name) probe() return { name = name } end)
        """);

    [Theory]
    [InlineData("os.execute('true')", "field 'execute' is not callable (a nil value)")]
    [InlineData("io.popen('ls')", "field 'popen' is not callable (a nil value)")]
    [InlineData("os.remove('/tmp/x')", "field 'remove' is not callable (a nil value)")]
    [InlineData("os.getenv('HOME')", "field 'getenv' is not callable (a nil value)")]
    [InlineData("string.dump(function() end)", "field 'dump' is not callable (a nil value)")]
    [InlineData("debug.getinfo(1)", "field 'getinfo' is not callable (a nil value)")]
    [InlineData("debug.sethook()", "field 'sethook' is not callable (a nil value)")]
    [InlineData("package.loadlib('x', 'y')", "field 'loadlib' is not callable (a nil value)")]
    [InlineData("collectgarbage('stop')", "collectgarbage: option 'stop' is not allowed in policy")]
    [InlineData("io.open('probe.lua', 'w')", "io.open: policy may only read files (mode \"r\" or \"rb\"), not \"w\"")]
    [InlineData("io.open('probe.lua', 'a+')", "io.open: policy may only read files (mode \"r\" or \"rb\"), not \"a+\"")]
    [InlineData("io.open('/etc/passwd')", "/etc/passwd is outside the policy directory")]
    [InlineData("io.open('../outside.txt')", "../outside.txt is outside the policy directory")]
    [InlineData("io.lines('/etc/hostname')", "/etc/hostname is outside the policy directory")]
    [InlineData("dofile('/etc/passwd')", "/etc/passwd is outside the policy directory")]
    [InlineData("require('..secret')", "require '..secret': //secret.lua is outside the policy directory")]
    [InlineData("dofile('../outside.lua')", "../outside.lua is outside the policy directory")]
    [InlineData("dofile()", "dofile: reading standard input is not allowed in policy")]
    [InlineData("loadfile('probe.lua', 'b')", "loadfile: only text chunks (mode \"t\") are allowed in policy")]
    [InlineData("load('return 1', 'x', 'bt')", "load: only text chunks (mode \"t\") are allowed in policy")]
    public void ForbiddenCall_FailsWithClearError(string call, string expected)
    {
        using var dir = Fixture();

        var error = ErrorOf(dir, call);

        Assert.NotNull(error);
        Assert.Contains(expected, error!.Message);
        Assert.Equal(Path.Combine(dir.Directory, "probe.lua"), error.File);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void BinaryChunk_IsRefusedByLoad()
    {
        using var dir = Fixture();

        var error = ErrorOf(dir, """
            local f, err = load('\27Lua\84\0\25\147\13\10\26\10')
            error(err)
            """);

        Assert.Contains("attempt to load a binary chunk (mode is 't')", error!.Message);
    }

    [Fact]
    public void AllowedSubset_Works()
    {
        using var dir = Fixture();
        dir.Write("data/list.txt", "one\ntwo\n");
        dir.Write("lib/util.lua", "return { twice = function(x) return 2 * x end }");

        var error = ErrorOf(dir, """
            assert(type(os.time()) == 'number' and type(os.clock()) == 'number')
            assert(os.date('!%Y', 0) == '1970')
            local f = assert(io.open('data/list.txt'))
            assert(f:read('l') == 'one')
            f:close()
            local lines = {}
            for line in io.lines('data/list.txt') do lines[#lines + 1] = line end
            assert(#lines == 2)
            assert(require('lib.util').twice(21) == 42)
            assert(dofile('lib/util.lua').twice(1) == 2)
            assert(load('return 1 + 1')() == 2)
            assert(load('return x', 'chunk', 't', { x = 5 })() == 5)
            assert(string.format('%d', 3) == '3' and math.floor(2.5) == 2 and utf8.char(65) == 'A')
            assert(coroutine.wrap(function() coroutine.yield(7) end)() == 7)
            assert(type(debug.traceback()) == 'string')
            assert(collectgarbage('count') > 0)
            """);

        Assert.Null(error);
    }

    [Fact]
    public void PolicyGlobals_AreNotTheHostGlobals()
    {
        using var dir = Fixture();

        var error = ErrorOf(dir, """
            assert(_G.N == nil and _G.debug.getinfo == nil and _G.io.write == nil)
            assert(rawget(_G, 'mta') == nil)
            """);

        Assert.Null(error);
    }

    [Fact]
    public void PolicyFiles_AreReadFromTheEpochSnapshot_NotFromDiskMidway()
    {
        using var dir = new PolicyFixture("""
            local mta = require 'mta'
            mta.on('get_egress_pool', function(name) return { name = require('late').name } end)
            """, ("late.lua", "return { name = 'v1' }"));
        using var host = dir.Start(o => o with { MaxStates = 1 });
        dir.Write("late.lua", "return { name = 'v2' }");

        var ex = Assert.Throws<PolicyException>(() => host.GetEgressPool("v2"));

        Assert.Contains("\"v1\" returned for pool \"v2\"", ex.Error.Message);
    }
}
