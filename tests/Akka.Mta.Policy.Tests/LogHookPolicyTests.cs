using System.Text.Json.Nodes;
using Akka.Mta.LogHooks.Webhook;

namespace Akka.Mta.Policy.Tests;

/// <summary><c>mta.configure_log_hook{...}</c> and <c>should_enqueue_log_record</c>: definitions, and bad ones caught at load with file:line.</summary>
public sealed class LogHookPolicyTests
{
    private static PolicyException LoadFails(string hook, out PolicyFixture dir)
    {
        dir = new PolicyFixture($$"""
            local mta = require 'mta'

            mta.configure_log_hook {{hook}}
            """);
        var fixture = dir;
        return Assert.Throws<PolicyException>(() => fixture.Start());
    }

    [Fact]
    public void WebhookHook_IsDefined_WithKumoMtaFields()
    {
        using var dir = new PolicyFixture("""
            local mta = require 'mta'
            mta.configure_log_hook {
              name = 'events',
              per_record = { Delivery = true, Bounce = true },
              headers = { 'Subject' },
              meta = { 'tenant' },
              batch_size = 50,
              max_batch_latency = '2s',
              webhook = {
                url = 'https://hooks.example.net/mta',
                headers = { Authorization = 'Bearer t0ken' },
                hmac = { key = 'secret', header = 'X-Hub-Signature-256' },
                timeout = '10s',
              },
            }
            mta.configure_log_hook { name = 'quiet', per_record = { Reception = { enable = false } }, amqp = { url = 'amqp://u:pw@127.0.0.1:5672/%2f', exchange = 'logs', routing_key = 'mta' } }
            """);
        using var host = dir.Start();

        Assert.Equal(["events", "quiet"], host.LogHooks.Select(h => h.Name));
        var events = host.LogHooks[0];
        Assert.Equal("events.log_hook", events.QueueName);
        Assert.True(events.Takes("Delivery") && events.Takes("Bounce"));
        Assert.False(events.Takes("Reception") || events.Takes("TransientFailure"));
        Assert.Equal(50, events.BatchSize);
        Assert.Equal(TimeSpan.FromSeconds(2), events.MaxBatchLatency);
        Assert.Equal(["Subject"], events.Headers);
        Assert.Equal(["tenant"], events.Meta);
        var webhook = events.Webhook!;
        Assert.True(webhook.ArrayBody);
        Assert.Equal(new Uri("https://hooks.example.net/mta"), webhook.Url);
        Assert.Equal("X-Hub-Signature-256", webhook.Hmac!.Header);
        Assert.Equal("sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData("secret"u8, "{}"u8)), webhook.Hmac.Sign("{}"u8));
        Assert.Equal((dir.InitFile, 2), (events.File, events.Line));
        var quiet = host.LogHooks[1];
        Assert.True(quiet.Takes("Delivery") && !quiet.Takes("Reception"));
        Assert.Equal(("logs", "mta"), (quiet.Amqp!.Exchange, quiet.Amqp.RoutingKey));
        Assert.DoesNotContain("pw", quiet.ToString());
        Assert.DoesNotContain("secret", events.ToString());
        Assert.DoesNotContain("t0ken", events.ToString());
    }

    [Fact]
    public void BatchSizeOne_PostsTheRecordObject()
    {
        using var dir = new PolicyFixture("local mta = require 'mta'\nmta.configure_log_hook { name = 'one', webhook = { url = 'http://127.0.0.1:9/x' } }");
        using var host = dir.Start();

        var hook = Assert.Single(host.LogHooks);
        Assert.False(hook.Webhook!.ArrayBody);
        Assert.Equal(1, hook.BatchSize);
        Assert.Equal(WebhookOptions.DefaultTimeout, hook.Webhook.Timeout);
    }

    [Theory]
    [InlineData("{ name = 'h', webhook = { url = 'http://127.0.0.1/' }, color = 'red' }", "mta.configure_log_hook 'h': color: unknown field (expected name, per_record")]
    [InlineData("{ name = 'h', webhook = { timeout = '5s' } }", "mta.configure_log_hook 'h': webhook.url: required")]
    [InlineData("{ name = 'h', webhook = { url = 'ftp://x/' } }", "mta.configure_log_hook 'h': webhook.url: \"ftp://x/\" is not an http:// or https:// URL")]
    [InlineData("{ name = 'h', batch_size = 0, webhook = { url = 'http://127.0.0.1/' } }", "mta.configure_log_hook 'h': batch_size: expected an integer from 1 to 10000, got 0")]
    [InlineData("{ name = 'h' }", "mta.configure_log_hook 'h': no destination: give webhook = ")]
    [InlineData("{ name = 'h', smtp = { host = 'x' } }", "mta.configure_log_hook 'h': smtp: unknown field (expected name, per_record, headers, meta, batch_size, max_batch_latency, and a destination: webhook = {...} or amqp = {...}); no destination")]
    [InlineData("{ name = 'h', webhook = { url = 'http://a/' }, amqp = { url = 'amqp://b/', exchange = 'x' } }", "mta.configure_log_hook 'h': webhook and amqp: a hook has exactly one destination, not both")]
    [InlineData("{ name = 'h', per_record = { Deliveries = true }, webhook = { url = 'http://a/' } }", "mta.configure_log_hook 'h': per_record: unknown record type 'Deliveries'")]
    [InlineData("{ name = 'h', amqp = { url = 'amqp://b/' } }", "mta.configure_log_hook 'h': amqp.exchange: required")]
    [InlineData("{ name = 'a@b', webhook = { url = 'http://a/' } }", "mta.configure_log_hook 'a@b': name: \"a@b\" must be 1 to 100 letters")]
    [InlineData("{ webhook = { url = 'http://a/' } }", "mta.configure_log_hook: name: required")]
    [InlineData("{ name = 'h', webhook = { url = 'http://a/', hmac = { header = 'X-Sig' } } }", "mta.configure_log_hook 'h': webhook.hmac.key: required")]
    public void BadHook_FailsTheLoad_WithFileLineAndTheHooksName(string hook, string message)
    {
        var e = LoadFails(hook, out var dir);
        using (dir)
        {
            Assert.Equal(PolicyEvents.Load, e.Error.Event);
            Assert.Equal(dir.InitFile, e.Error.File);
            Assert.Equal(3, e.Error.Line);
            Assert.StartsWith(message, e.Error.Message);
        }
    }

    [Fact]
    public void SameNameTwice_FailsTheLoad_NamingTheFirst()
    {
        using var dir = new PolicyFixture("""
            local mta = require 'mta'
            mta.configure_log_hook { name = 'h', webhook = { url = 'http://127.0.0.1/' } }
            mta.configure_log_hook { name = 'h', webhook = { url = 'http://127.0.0.1/' } }
            """);

        var e = Assert.Throws<PolicyException>(() => dir.Start());

        Assert.Equal(3, e.Error.Line);
        Assert.Equal($"mta.configure_log_hook 'h': a hook of that name is already configured at {dir.InitFile}:2", e.Error.Message);
    }

    [Fact]
    public void ConfiguringInAHandler_IsAnErrorOfThatEvent()
    {
        using var dir = new PolicyFixture("""
            local mta = require 'mta'
            mta.on('get_egress_pool', function(name)
              mta.configure_log_hook { name = 'late', webhook = { url = 'http://127.0.0.1/' } }
            end)
            """);
        using var host = dir.Start();

        var e = Assert.Throws<PolicyException>(() => host.GetEgressPool("p"));

        Assert.Equal((PolicyEvents.GetEgressPool, 3), (e.Error.Event, e.Error.Line));
        Assert.Equal("mta.configure_log_hook: hooks can only be configured while the policy loads", e.Error.Message);
        Assert.Empty(host.LogHooks);
    }

    [Fact]
    public void ShouldEnqueueLogRecord_SeesTheRecordAndHookName_AndFalseDrops()
    {
        using var dir = new PolicyFixture("""
            local mta = require 'mta'
            mta.configure_log_hook { name = 'h', webhook = { url = 'http://127.0.0.1/' } }
            mta.on('should_enqueue_log_record', function(record, hook_name)
              if record.type == 'Bounce' then return false end
              if record.meta.tenant == 'odd' then return 'yes' end
              return hook_name == 'h' and record.response.code == 250
            end)
            """);
        using var host = dir.Start();
        JsonObject Record(string type, string tenant = "acme") => new()
        {
            ["type"] = type,
            ["response"] = new JsonObject { ["code"] = 250 },
            ["meta"] = new JsonObject { ["tenant"] = tenant },
        };

        Assert.True(host.ShouldEnqueueLogRecord(Record("Delivery"), "h"));
        Assert.False(host.ShouldEnqueueLogRecord(Record("Delivery"), "other"));
        Assert.False(host.ShouldEnqueueLogRecord(Record("Bounce"), "h"));
        var e = Assert.Throws<PolicyException>(() => host.ShouldEnqueueLogRecord(Record("Delivery", "odd"), "h"));
        Assert.Equal((PolicyEvents.ShouldEnqueueLogRecord, dir.InitFile, 3), (e.Error.Event, e.Error.File, e.Error.Line));
        Assert.Equal("the handler must return true or false, got \"yes\"", e.Error.Message);
    }
}
