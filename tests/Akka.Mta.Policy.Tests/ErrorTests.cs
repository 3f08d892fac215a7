using Akka.Mta.Policy.Options;

namespace Akka.Mta.Policy.Tests;

public sealed class ErrorTests
{
    [Fact]
    public void RuntimeError_InHandler_NamesEventFileAndLine()
    {
        using var dir = new PolicyFixture("""
            local mta = require 'mta'
            mta.on('smtp_server_message_received', function(msg)
              local t = nil
              return t.field
            end)
            """);
        using var host = dir.Start();

        var ex = Assert.Throws<PolicyException>(() => host.SmtpServerMessageReceived(new InMemoryPolicyMessage("1", "a@b", "c@d")));

        Assert.Equal(PolicyEvents.SmtpServerMessageReceived, ex.Error.Event);
        Assert.Equal(dir.InitFile, ex.Error.File);
        Assert.Equal(4, ex.Error.Line);
        Assert.Contains("attempt to index a nil value", ex.Error.Message);
        Assert.Contains("init.lua:4", ex.Error.Traceback);
        Assert.StartsWith($"{dir.InitFile}:4: smtp_server_message_received: ", ex.Message);
    }

    [Fact]
    public void Error_InRequiredModule_NamesTheModuleFile()
    {
        using var dir = new PolicyFixture("""
            local mta = require 'mta'
            local helpers = require 'lib.helpers'
            mta.on('get_egress_pool', function(name) return helpers.pool(name) end)
            """, ("lib/helpers.lua", """
            local M = {}
            function M.pool(name)
              error('no pool called ' .. name)
            end
            return M
            """));
        using var host = dir.Start();

        var ex = Assert.Throws<PolicyException>(() => host.GetEgressPool("p1"));

        Assert.Equal(Path.Combine(dir.Directory, "lib", "helpers.lua"), ex.Error.File);
        Assert.Equal(3, ex.Error.Line);
        Assert.Equal("no pool called p1", ex.Error.Message);
    }

    [Fact]
    public void ErrorObject_WithoutPosition_GetsTheLineOfTheRaisingFrame()
    {
        using var dir = new PolicyFixture("""
            local mta = require 'mta'
            mta.on('get_egress_pool', function(name)

              error({ reason = 'table error' })
            end)
            """);
        using var host = dir.Start();

        var ex = Assert.Throws<PolicyException>(() => host.GetEgressPool("p1"));

        Assert.Equal(4, ex.Error.Line);
        Assert.Equal("error object is a table value", ex.Error.Message);
    }

    [Fact]
    public void HelperMisuse_IsReportedAtTheCallerLine()
    {
        using var dir = new PolicyFixture("""
            local mta = require 'mta'
            mta.on('smtp_server_message_received', function(msg)
              msg:set_meta('tenant', 42)
            end)
            """);
        using var host = dir.Start();

        var ex = Assert.Throws<PolicyException>(() => host.SmtpServerMessageReceived(new InMemoryPolicyMessage("1", "a@b", "c@d")));

        Assert.Equal(3, ex.Error.Line);
        Assert.Equal("msg:set_meta: 'tenant' must be a string, got 42", ex.Error.Message);
    }

    [Fact]
    public void SyntaxError_FailsStart_WithFileAndLine()
    {
        using var dir = new PolicyFixture("local mta = require 'mta'\n\nlocal x = = 1\n");

        var ex = Assert.Throws<PolicyException>(() => dir.Start());

        Assert.Equal(PolicyEvents.Load, ex.Error.Event);
        Assert.Equal(dir.InitFile, ex.Error.File);
        Assert.Equal(3, ex.Error.Line);
        Assert.Contains("unexpected symbol near '='", ex.Error.Message);
    }

    [Fact]
    public void MissingModule_FailsStart_NamingWhereItLooked()
    {
        using var dir = new PolicyFixture("local mta = require 'mta'\nlocal x = require 'nowhere.mod'\n");

        var ex = Assert.Throws<PolicyException>(() => dir.Start());

        Assert.Equal(2, ex.Error.Line);
        Assert.Contains("module 'nowhere.mod' not found in the policy directory (looked for nowhere/mod.lua", ex.Error.Message);
    }

    [Fact]
    public void UnknownEvent_OrDuplicateHandler_FailsStart()
    {
        using var unknown = new PolicyFixture("require('mta').on('smtp_server_helo', function() end)");
        var ex = Assert.Throws<PolicyException>(() => unknown.Start());
        Assert.Equal("mta.on: unknown event 'smtp_server_helo'", ex.Error.Message);
        Assert.Equal(1, ex.Error.Line);

        using var twice = new PolicyFixture("""
            local mta = require 'mta'
            mta.on('get_egress_pool', function() end)
            mta.on('get_egress_pool', function() end)
            """);
        ex = Assert.Throws<PolicyException>(() => twice.Start());
        Assert.Equal(3, ex.Error.Line);
        Assert.EndsWith("a handler is already registered at init.lua:2", ex.Error.Message);
    }

    [Fact]
    public void InvalidReturnedOptions_NameTheHandlerAndTheKey()
    {
        using var dir = new PolicyFixture("""
            local mta = require 'mta'

            mta.on('get_egress_source', function(name)
              return { name = name, source_address = 'not-an-ip', colour = 'blue' }
            end)
            mta.on('get_egress_pool', function(name) return 'pool' end)
            mta.on('get_egress_path_config', function() return { f = function() end } end)
            """);
        using var host = dir.Start();

        var ex = Assert.Throws<PolicyException>(() => host.GetEgressSource("ip-1"));
        Assert.Equal(3, ex.Error.Line);
        Assert.Equal("returned options are invalid: source_address: \"not-an-ip\" is not an IP address; colour: unknown option", ex.Error.Message);

        ex = Assert.Throws<PolicyException>(() => host.GetEgressPool("p"));
        Assert.Equal("the handler must return a table of options, got \"pool\"", ex.Error.Message);

        ex = Assert.Throws<PolicyException>(() => host.GetEgressPathConfig(new EgressPathQuery("d", "s", "x"), OptionsChecker.From(o => o)));
        Assert.Equal(7, ex.Error.Line);
        Assert.Equal("returned value.f: a function cannot be converted to JSON", ex.Error.Message);
    }

    [Fact]
    public void CheckerError_IsWrappedWithEventAndHandlerLine()
    {
        using var dir = new PolicyFixture("""
            local mta = require 'mta'
            mta.on('get_queue_config', function() return { retry_interval = 'soon' } end)
            """);
        using var host = dir.Start();
        var checker = OptionsChecker.From<object>(o => throw new OptionsException(["retry_interval: \"soon\" is not a duration"]));

        var ex = Assert.Throws<PolicyException>(() => host.GetQueueConfig(new QueueConfigQuery("d"), checker));

        Assert.Equal(PolicyEvents.GetQueueConfig, ex.Error.Event);
        Assert.Equal(2, ex.Error.Line);
        Assert.Equal("returned options are invalid: retry_interval: \"soon\" is not a duration", ex.Error.Message);
    }

    [Fact]
    public void Reject_OutsideSmtpEvents_IsAnError()
    {
        using var dir = new PolicyFixture("""
            local mta = require 'mta'
            mta.on('get_egress_pool', function() mta.reject(550, 'no') end)
            """);
        using var host = dir.Start();

        var ex = Assert.Throws<PolicyException>(() => host.GetEgressPool("p"));

        Assert.Equal(2, ex.Error.Line);
        Assert.Equal("mta.reject(550, \"no\") is not allowed in get_egress_pool", ex.Error.Message);
    }

    [Fact]
    public void MessageObject_KeptPastItsCall_FailsClearly()
    {
        using var dir = new PolicyFixture("""
            local mta = require 'mta'
            local kept
            mta.on('smtp_server_message_received', function(msg)
              if kept then local sender = kept:sender() end
              kept = msg
            end)
            """);
        using var host = dir.Start(o => o with { MaxStates = 1 });
        host.SmtpServerMessageReceived(new InMemoryPolicyMessage("1", "a@b", "c@d"));

        var ex = Assert.Throws<PolicyException>(() => host.SmtpServerMessageReceived(new InMemoryPolicyMessage("2", "a@b", "c@d")));

        Assert.Equal(4, ex.Error.Line);
        Assert.Equal("msg:sender: this message object belongs to an event call that has finished", ex.Error.Message);
    }
}

public sealed class ByteStringTests
{
    [Fact]
    public void InvalidUtf8_InAnErrorMessage_IsReplaced_NotACrash()
    {
        using var dir = new PolicyFixture("require('mta').on('get_egress_pool', function() error('bad \\255 byte') end)");
        using var host = dir.Start();

        var ex = Assert.Throws<PolicyException>(() => host.GetEgressPool("p"));

        Assert.Equal("bad \uFFFD byte", ex.Error.Message);
    }

    [Fact]
    public void InvalidUtf8_InAReturnedTable_IsAnErrorNamingThePath()
    {
        using var dir = new PolicyFixture("require('mta').on('get_egress_pool', function(name) return { name = name, x = '\\255' } end)");
        using var host = dir.Start();

        var ex = Assert.Throws<PolicyException>(() => host.GetEgressPool("p"));

        Assert.Equal("returned value.x: string is not valid UTF-8", ex.Error.Message);
    }
}
