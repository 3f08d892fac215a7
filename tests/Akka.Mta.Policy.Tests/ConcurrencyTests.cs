using Akka.Mta.Policy.Options;

namespace Akka.Mta.Policy.Tests;

public sealed class ConcurrencyTests
{
    [Fact]
    public void ManyThreads_CallHooks_Concurrently_WithCorrectResults()
    {
        using var dir = new PolicyFixture("""
            local mta = require 'mta'
            local cfg = mta.memoize(function(domain, source, site)
              return { connection_limit = #domain, provider_name = site .. '|' .. source .. '|' .. domain }
            end, { ttl = 60 })
            mta.on('get_egress_path_config', function(domain, source, site) return cfg(domain, source, site) end)
            mta.on('smtp_server_message_received', function(msg)
              msg:set_meta('tenant', msg:get_first_named_header_value('X-Tenant'))
              msg:set_meta('campaign', msg:id())
            end)
            """);
        using var host = dir.Start(o => o with { MaxStates = 4 });
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();

        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 16 }, t =>
        {
            for (var i = 0; i < 300; i++)
            {
                var domain = $"d{t}-{i % 7}.example";
                var path = host.GetEgressPathConfig(new EgressPathQuery(domain, "s" + t, "site" + i), OptionsChecker.From(o => o))!;
                if (path["provider_name"]!.GetValue<string>() != $"site{i}|s{t}|{domain}")
                {
                    errors.Enqueue($"path {t}/{i}: {path.ToJsonString()}");
                }
                var msg = InMemoryPolicyMessage.FromContent($"{t}-{i}", "a@b", "c@d", $"X-Tenant: t{t}\r\n\r\n");
                host.SmtpServerMessageReceived(msg);
                if (msg.Meta["tenant"]!.GetValue<string>() != $"t{t}" || msg.Meta["campaign"]!.GetValue<string>() != $"{t}-{i}")
                {
                    errors.Enqueue($"message {t}/{i}");
                }
            }
        });

        Assert.Empty(errors);
    }
}
