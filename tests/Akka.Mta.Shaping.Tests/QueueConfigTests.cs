using Akka.Mta.Shaping.Options;
using Akka.Mta.Toml;

namespace Akka.Mta.Shaping.Tests;

/// <summary>The scheduled-queue configuration (compat spec 1.8).</summary>
public sealed class QueueConfigTests
{
    [Fact]
    public void Defaults_AreTheReferenceTable()
    {
        var d = QueueConfig.Default;

        Assert.Equal((TimeSpan.FromMinutes(20), (TimeSpan?)null, TimeSpan.FromDays(7)), (d.RetryInterval, d.MaxRetryInterval, d.MaxAge));
        Assert.Equal(SmtpProtocol.Default, d.Protocol);
        Assert.Equal((TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1)), (d.ReapInterval, d.RefreshInterval));
        Assert.Equal(QueueStrategy.SingletonTimerWheel, d.Strategy);
        Assert.Null(d.EgressPool);
    }

    [Fact]
    public void Validate_ReadsEveryOption()
    {
        var table = TomlParser.Parse("""
            retry_interval = "1m"
            max_retry_interval = "20m"
            max_age = "2 days"
            egress_pool = "pool-a"
            max_message_rate = "1000/h"
            protocol = { smtp = { mx_list = ["mx1.relay.example", "[192.0.2.9]", { name = "mx2", addr = "192.0.2.10:2525" }], treat_mx_list_as_secure = true } }
            reap_interval = "5m"
            refresh_interval = "30s"
            timerwheel_tick_interval = "1s"
            strategy = "TimerWheel"
            refresh_strategy = "Epoch"
            provider_name = "relay"
            shrink_policy = [{ interval = "1m", policy = "ShrinkData" }, { interval = "5m", policy = "ShrinkDataAndMeta" }]
            """, "queue.toml").Root;

        var validation = QueueConfig.Validate(table);

        Assert.True(validation.IsValid, string.Join("\n", validation.Diagnostics));
        var c = validation.Config!;
        Assert.Equal(TimeSpan.FromMinutes(1), c.RetryInterval);
        Assert.Equal("pool-a", c.EgressPool);
        var smtp = Assert.IsType<SmtpProtocol>(c.Protocol);
        Assert.True(smtp.TreatMxListAsSecure);
        Assert.Equal(["mx1.relay.example", "[192.0.2.9]", "mx2=192.0.2.10:2525"], smtp.MxList!.Select(e => e.ToString()));
        Assert.Equal([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5)], c.ShrinkPolicy.Select(s => s.Interval));
        Assert.Equal((QueueStrategy.TimerWheel, ConfigRefreshStrategy.Epoch), (c.Strategy, c.RefreshStrategy));
    }

    [Theory]
    [InlineData("\"Null\"", typeof(NamedProtocol))]
    [InlineData("\"HttpInjectionGenerator\"", typeof(NamedProtocol))]
    [InlineData("{ maildir_path = \"/var/mail/x\", dir_mode = 0o755 }", typeof(MaildirProtocol))]
    [InlineData("{ custom_lua = { constructor = \"make.webhook\" } }", typeof(CustomLuaProtocol))]
    [InlineData("{ xfer = { target = \"http://node-2:8000\" } }", typeof(XferProtocol))]
    [InlineData("{ smtp = {} }", typeof(SmtpProtocol))]
    public void Protocols_OfEveryShape(string written, Type expected)
    {
        var config = QueueConfig.Validate(TomlParser.Parse("protocol = " + written).Root);

        Assert.IsType(expected, config.Config!.Protocol);
        var rewritten = TomlWriter.FormatValue(QueueProtocolOptionType.Instance.Write(config.Config.Protocol));
        Assert.Equal(written.Replace("0o755", "493", StringComparison.Ordinal).Replace(" ", ""), rewritten.Replace(" ", ""));
    }

    [Theory]
    [InlineData("protocol = { smtp = { mx_list = [] } }", "protocol.smtp.mx_list: expected a non-empty list of hosts")]
    [InlineData("protocol = \"Smtp\"", "protocol: expected {smtp=")]
    [InlineData("protocol = { custom_lua = { } }", "protocol.custom_lua: constructor is required")]
    [InlineData("retry_interval = \"soon\"", "retry_interval: invalid duration \"soon\"")]
    [InlineData("strategy = \"Wheel\"", "strategy: unknown value \"Wheel\"")]
    [InlineData("egres_pool = \"a\"", "egres_pool: unknown queue option \"egres_pool\" (did you mean \"egress_pool\"?)")]
    [InlineData("shrink_policy = [{ interval = \"1m\" }]", "shrink_policy[0]: expected {interval=")]
    public void BadQueueValues_NameTheKey(string line, string expected)
    {
        var validation = QueueConfig.Validate(TomlParser.Parse(line, "q.toml").Root);

        Assert.False(validation.IsValid);
        Assert.Contains(validation.Errors, e => e.ToString().Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_FromObjects_AsAPolicyReturnsThem()
    {
        var values = new Dictionary<string, object?>
        {
            ["retry_interval"] = "1m",
            ["max_retry_interval"] = "20m",
            ["protocol"] = new Dictionary<string, object?> { ["custom_lua"] = new Dictionary<string, object?> { ["constructor"] = "make.tsa" } },
        };

        var config = QueueConfig.Validate(values, "init.lua:get_queue_config").Config!;

        Assert.Equal(new CustomLuaProtocol("make.tsa"), config.Protocol);
        Assert.Equal(TimeSpan.FromMinutes(20), config.MaxRetryInterval);
    }

    [Theory]
    [InlineData(0, 20)]
    [InlineData(1, 40)]
    [InlineData(2, 80)]
    [InlineData(5, 640)]
    public void RetryDelay_DoublesFromTheInterval(int attempt, int minutes)
    {
        Assert.Equal(TimeSpan.FromMinutes(minutes), QueueConfig.Default.DelayForAttempt(attempt));
    }

    [Fact]
    public void RetryDelay_IsCapped_AndSaturates()
    {
        var capped = QueueConfig.Default with { MaxRetryInterval = TimeSpan.FromHours(1) };

        Assert.Equal(TimeSpan.FromHours(1), capped.DelayForAttempt(3));
        Assert.Equal(TimeSpan.MaxValue, QueueConfig.Default.DelayForAttempt(200));
        Assert.Equal(TimeSpan.FromHours(1), capped.DelayForAttempt(int.MaxValue));
    }
}
