using Akka.Mta.Policy;
using Akka.Mta.Policy.Options;
using Akka.Mta.Policy.Shaping;
using Akka.Mta.Shaping.Options;
using BenchmarkDotNet.Attributes;

namespace Akka.Mta.Benchmarks;

/// <summary>
/// Policy hook calls from C# into Lua: borrow a state, call the handler, convert the result.
/// get_egress_path_config memoizes its table per (domain, source, site), as policy/init.lua does;
/// smtp_server_message_received reads two headers and sets tenant and campaign.
/// Run: dotnet run -c Release --project bench/Akka.Mta.Benchmarks -- --filter '*PolicyHook*'
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class PolicyHookBenchmarks
{
    private const string Policy = """
        local mta = require 'mta'
        local path = mta.memoize(function(domain, source, site)
          return { connection_limit = 10, max_message_rate = '100/s', max_connection_rate = '100/min',
                   max_deliveries_per_connection = 100, enable_tls = 'Opportunistic' }
        end, { ttl = '1 minute', capacity = 10000 })
        mta.on('get_egress_path_config', function(domain, source, site) return path(domain, source, site) end)
        mta.on('smtp_server_message_received', function(msg)
          msg:set_meta('tenant', msg:get_first_named_header_value('X-Tenant') or 'default')
          msg:set_meta('campaign', msg:get_first_named_header_value('X-Campaign'))
        end)
        """;

    private static readonly IOptionsChecker<object> Unchecked = OptionsChecker.From<object>(o => o);
    private readonly EgressPathQuery _query = new("gmail.com", "ip-1", "gmail-smtp-in.l.google.com");
    private string _dir = "";
    private PolicyHost _host = null!;
    private InMemoryPolicyMessage _message = null!;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "akka-mta-policy-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "init.lua"), Policy);
        _host = PolicyHost.Start(new PolicyHostOptions { PolicyFile = Path.Combine(_dir, "init.lua") });
        _message = InMemoryPolicyMessage.FromContent("m1", "s@example.net", "r@gmail.com",
            "From: s@example.net\r\nTo: r@gmail.com\r\nSubject: hello\r\nX-Tenant: acme\r\nX-Campaign: spring\r\n\r\nbody\r\n");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _host.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Benchmark(Description = "get_egress_path_config, memoized, table as JSON")]
    public object? EgressPathConfig() => _host.GetEgressPathConfig(_query, Unchecked);

    [Benchmark(Description = "get_egress_path_config, memoized, checked EgressPathConfig")]
    public EgressPathConfig? EgressPathConfigChecked() => _host.GetEgressPathConfig(_query, ShapingCheckers.EgressPath);

    [Benchmark(Description = "smtp_server_message_received, two set_meta")]
    public PolicyVerdict MessageReceived() => _host.SmtpServerMessageReceived(_message);
}
