using System.Text.Json.Nodes;
using Akka.Mta.Policy.Options;

namespace Akka.Mta.Policy.Tests;

public sealed class EventTests
{
    private const string Policy = """
        local mta = require 'mta'
        mta.on('smtp_server_ehlo', function(domain, conn)
          if domain == 'bad.example' then mta.reject(550, '5.7.1 go away ' .. domain) end
          conn:set_meta('ehlo', domain)
        end)
        mta.on('smtp_server_mail_from', function(sender, conn)
          if sender == 'spam@example.com' then mta.reject(451, 'try later') end
          conn:set_meta('ehlo_seen', conn:get_meta('ehlo'))
        end)
        mta.on('smtp_server_rcpt_to', function(recipient, conn)
          if recipient:match('^nobody@') then mta.reject(550, '5.1.1 no such user') end
        end)
        mta.on('smtp_server_message_received', function(msg)
          msg:set_meta('tenant', msg:get_first_named_header_value('X-Tenant') or 'default')
          msg:set_meta('campaign', msg:get_first_named_header_value('x-campaign'))
          msg:set_meta('extra', { list = { 1, 2 }, flag = true })
          msg:append_header('X-Policy', msg:id() .. ' ' .. msg:sender() .. ' ' .. msg:recipient())
        end)
        mta.on('http_message_generated', function(msg)
          msg:set_meta('queue', 'http:' .. msg:recipient())
          if msg:get_meta('tenant') == 'blocked' then mta.reject(550, 'tenant blocked') end
        end)
        mta.on('get_queue_config', function(domain, tenant, campaign, routing_domain)
          return { egress_pool = 'pool-' .. (tenant or 'none'), retry_interval = '10m',
                   max_age = campaign or '3 days', routing = routing_domain }
        end)
        mta.on('get_egress_pool', function(name)
          return { name = name, entries = { { name = 'ip-1', weight = 2 }, { name = 'ip-2' } }, ttl = '5m' }
        end)
        mta.on('get_egress_source', function(name)
          return { name = name, source_address = '10.0.0.1', ehlo_domain = 'mx.example.net',
                   suspend_when_unplumbed = { trigger = 'Immediate', duration = '10m' } }
        end)
        mta.on('get_egress_path_config', function(domain, source, site)
          return { connection_limit = 3, max_message_rate = '100/s', provider_name = site .. '/' .. source .. '/' .. domain }
        end)
        """;

    [Fact]
    public void SmtpEvents_AcceptOrReject_AndShareConnectionMeta()
    {
        using var dir = new PolicyFixture(Policy);
        using var host = dir.Start();
        var conn = new ConnectionMeta();

        Assert.False(host.SmtpServerEhlo("good.example", conn).IsRejected);
        Assert.False(host.SmtpServerMailFrom("a@example.com", conn).IsRejected);
        Assert.True(conn.TryGetMeta("ehlo_seen", out var seen));
        Assert.Equal("good.example", seen!.GetValue<string>());

        var ehlo = host.SmtpServerEhlo("bad.example", conn);
        Assert.Equal(550, ehlo.Rejection!.Code);
        Assert.Equal("5.7.1", ehlo.Rejection.Enhanced!.ToString());
        Assert.Equal("go away bad.example", ehlo.Rejection.Content);
        Assert.Equal("EHLO", ehlo.Rejection.Command);

        var mail = host.SmtpServerMailFrom("spam@example.com", conn);
        Assert.Equal("451 try later", mail.Rejection!.ToSingleLine());

        Assert.False(host.SmtpServerRcptTo("someone@example.com", conn).IsRejected);
        Assert.Equal(550, host.SmtpServerRcptTo("nobody@example.com", conn).Rejection!.Code);
    }

    [Fact]
    public void MessageReceived_SetsMetaFromHeaders_AndAppendsHeader()
    {
        using var dir = new PolicyFixture(Policy);
        using var host = dir.Start();
        var msg = InMemoryPolicyMessage.FromContent("m1", "s@example.com", "r@example.org",
            "Subject: hi\r\nX-Tenant: acme\r\nX-Campaign: spring\r\n sale\r\n\r\nbody\r\n");

        Assert.False(host.SmtpServerMessageReceived(msg).IsRejected);

        Assert.Equal("acme", msg.Meta["tenant"]!.GetValue<string>());
        Assert.Equal("spring sale", msg.Meta["campaign"]!.GetValue<string>());
        Assert.Equal("""{"flag":true,"list":[1,2]}""", msg.Meta["extra"]!.ToJsonString());
        Assert.Equal("m1 s@example.com r@example.org", msg.GetFirstHeaderValue("x-policy"));
    }

    [Fact]
    public void MessageReceived_WithoutHeader_SetsDefaultTenant_AndNilCampaign()
    {
        using var dir = new PolicyFixture(Policy);
        using var host = dir.Start();
        var msg = new InMemoryPolicyMessage("m2", "", "r@example.org");

        host.SmtpServerMessageReceived(msg);

        Assert.Equal("default", msg.Meta["tenant"]!.GetValue<string>());
        Assert.True(msg.TryGetMeta("campaign", out var campaign));
        Assert.Null(campaign);
    }

    [Fact]
    public void HttpMessageGenerated_CanReject_OnExistingMeta()
    {
        using var dir = new PolicyFixture(Policy);
        using var host = dir.Start();
        var ok = new InMemoryPolicyMessage("h1", "s@example.com", "r@example.org");
        var blocked = new InMemoryPolicyMessage("h2", "s@example.com", "r@example.org");
        blocked.SetMeta("tenant", JsonValue.Create("blocked"));

        Assert.False(host.HttpMessageGenerated(ok).IsRejected);
        Assert.Equal("http:r@example.org", ok.Meta["queue"]!.GetValue<string>());
        var verdict = host.HttpMessageGenerated(blocked);
        Assert.Equal("550 tenant blocked", verdict.Rejection!.ToSingleLine());
        Assert.Null(verdict.Rejection.Command);
    }

    [Fact]
    public void GetQueueConfig_PassesAllArguments_ToTheChecker()
    {
        using var dir = new PolicyFixture(Policy);
        using var host = dir.Start();

        var config = host.GetQueueConfig(new QueueConfigQuery("example.org", "acme", "spring", "relay.example"),
            OptionsChecker.From(o => o));

        Assert.Equal("""{"egress_pool":"pool-acme","max_age":"spring","retry_interval":"10m","routing":"relay.example"}""", config!.ToJsonString());
        var none = host.GetQueueConfig(new QueueConfigQuery("example.org"), OptionsChecker.From(o => o));
        Assert.Equal("pool-none", none!["egress_pool"]!.GetValue<string>());
        Assert.Equal("3 days", none["max_age"]!.GetValue<string>());
    }

    [Fact]
    public void GetEgressPool_And_Source_ReturnCheckedTypes()
    {
        using var dir = new PolicyFixture(Policy);
        using var host = dir.Start();

        var pool = host.GetEgressPool("main")!;
        Assert.Equal("main", pool.Name);
        Assert.Equal([new EgressPoolEntry("ip-1", 2), new EgressPoolEntry("ip-2", 1)], pool.Entries);
        Assert.Equal(TimeSpan.FromMinutes(5), pool.Ttl);

        var source = host.GetEgressSource("ip-1")!;
        Assert.Equal("10.0.0.1", source.SourceAddress!.ToString());
        Assert.Equal("mx.example.net", source.EhloDomain);
        Assert.Equal(new SuspendPolicy("Immediate", TimeSpan.FromMinutes(10)), source.SuspendWhenUnplumbed);
        Assert.Equal(EgressSource.DefaultTtl, source.Ttl);
    }

    [Fact]
    public void GetEgressPathConfig_ReturnsTheHandlersTable()
    {
        using var dir = new PolicyFixture(Policy);
        using var host = dir.Start();

        var path = host.GetEgressPathConfig(new EgressPathQuery("gmail.com", "ip-1", "gmail-smtp-in.l.google.com"), OptionsChecker.From(o => o));

        Assert.Equal(3, path!["connection_limit"]!.GetValue<long>());
        Assert.Equal("gmail-smtp-in.l.google.com/ip-1/gmail.com", path["provider_name"]!.GetValue<string>());
    }

    [Fact]
    public void EventsWithoutHandler_GiveDefaults()
    {
        using var dir = new PolicyFixture("local mta = require 'mta'");
        using var host = dir.Start();

        Assert.Empty(host.RegisteredEvents);
        Assert.Same(PolicyVerdict.Accepted, host.SmtpServerEhlo("x", new ConnectionMeta()));
        Assert.Same(PolicyVerdict.Accepted, host.SmtpServerMessageReceived(new InMemoryPolicyMessage("1", "a@b", "c@d")));
        Assert.Null(host.GetEgressPool("p"));
        Assert.Null(host.GetEgressSource("s"));
        Assert.Null(host.GetQueueConfig(new QueueConfigQuery("d"), OptionsChecker.From(o => o)));
    }

    [Fact]
    public void Handler_ReturningNil_GivesNull()
    {
        using var dir = new PolicyFixture("require('mta').on('get_egress_pool', function(name) return nil end)");
        using var host = dir.Start();

        Assert.Equal(new HashSet<string> { PolicyEvents.GetEgressPool }, host.RegisteredEvents);
        Assert.Null(host.GetEgressPool("p"));
    }

    [Fact]
    public void HttpAuthHooks_AnswerTrueOrFalse_NilIsFalse_AndNoHandlerIsNull()
    {
        using var dir = new PolicyFixture("""
            local mta = require 'mta'
            mta.on('http_server_validate_auth_basic', function(user, password)
              if user == 'nil-user' then return nil end
              return user == 'ops' and password == 'pa:ss'
            end)
            """);
        using var host = dir.Start();

        Assert.True(host.HttpServerValidateAuthBasic("ops", "pa:ss"));
        Assert.False(host.HttpServerValidateAuthBasic("ops", "wrong"));
        Assert.False(host.HttpServerValidateAuthBasic("nil-user", "x"));
        Assert.Null(host.HttpServerValidateAuthBearer("any"));
    }

    [Fact]
    public void HttpAuthHook_ReturningNotABoolean_FailsNamingTheHandler()
    {
        using var dir = new PolicyFixture("""
            local mta = require 'mta'

            mta.on('http_server_validate_auth_bearer', function(token) return 'yes' end)
            """);
        using var host = dir.Start();

        var ex = Assert.Throws<PolicyException>(() => host.HttpServerValidateAuthBearer("t"));
        Assert.Equal((PolicyEvents.HttpServerValidateAuthBearer, 3), (ex.Error.Event, ex.Error.Line));
        Assert.Equal("the handler must return true or false, got \"yes\"", ex.Error.Message);
    }
}
