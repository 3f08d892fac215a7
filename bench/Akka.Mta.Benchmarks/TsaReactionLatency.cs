using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Akka.Actor;
using Akka.Mta.Core.Logging;
using Akka.Mta.Delivery.Configuration;
using Akka.Mta.Node.Hosting;
using Akka.Mta.Policy.Options;
using Akka.Mta.Smtp.Sink;

namespace Akka.Mta.Benchmarks;

/// <summary>
/// TSA reaction latency: from the moment a connection logs the provider's <c>[TS04]</c> reply (the
/// TransientFailure record's event time) until the egress path it came from reports itself
/// suspended. One in-process node (`NodeHost`) with 20 egress sources in one pool, so 20 messages
/// go out over 20 paths to one in-process sink that answers every one with Yahoo's [TS04] deferral;
/// each path is polled until suspended. Several rounds; prints p50, p99 and max.
/// Run: dotnet run -c Release --project bench/Akka.Mta.Benchmarks -- tsa-latency [ROUNDS]
/// </summary>
internal static class TsaReactionLatency
{
    private const int Sources = 20;

    public static async Task<int> RunAsync(int rounds)
    {
        var samples = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            samples.AddRange(await RoundAsync());
        }
        samples.Sort();
        double At(double q) => samples[Math.Min(samples.Count - 1, (int)Math.Ceiling(q * samples.Count) - 1)];
        Console.WriteLine($"TSA reaction latency, reply logged -> path suspended: {samples.Count} samples over {rounds} rounds");
        Console.WriteLine($"p50 {At(0.50):0.0} ms   p99 {At(0.99):0.0} ms   max {samples[^1]:0.0} ms   (target: within 1 s)");
        return 0;
    }

    private static async Task<List<double>> RoundAsync()
    {
        var replies = ReplyRules.FromToml("""
            [[reply]]
            recipient = '^ts04'
            code = 421
            enhanced = '4.7.0'
            text = '[TS04] Messages from 192.0.2.1 temporarily deferred due to user complaints'
            """, "replies.toml");
        await using var sink = await MailSinkHost.StartAsync(new MailSinkOptions { Rules = replies });
        var dir = Directory.CreateTempSubdirectory("akka-mta-tsa-latency-").FullName;
        try
        {
            var policyDir = Directory.CreateDirectory(Path.Combine(dir, "policy")).FullName;
            await File.WriteAllTextAsync(Path.Combine(policyDir, "shaping.toml"), """
                [["default".automation]]
                regex = "\\[TS04\\]"
                action = "Suspend"
                duration = "1h"
                """);
            await File.WriteAllTextAsync(Path.Combine(policyDir, "init.lua"), $$"""
                local mta = require 'mta'
                local shaping = mta.shaping.load { 'shaping.toml' }
                mta.on('get_queue_config', function()
                  return { egress_pool = 'wide', retry_interval = '1h', protocol = { smtp = { mx_list = { '{{sink.SmtpEndpoint}}' } } } }
                end)
                mta.on('get_egress_path_config', function() return { enable_tls = 'Disabled', prohibited_hosts = {} } end)
                """);
            var sources = Enumerable.Range(0, Sources).ToDictionary(i => $"s{i}", i => new EgressSource($"s{i}"));
            await using var node = await NodeHost.StartAsync(new NodeOptions
            {
                HttpListen = new IPEndPoint(IPAddress.Loopback, 0),
                SmtpListen = new IPEndPoint(IPAddress.Loopback, 0),
                DataDir = dir,
                SpoolPath = Path.Combine(dir, "spool.db"),
                LogDir = Path.Combine(dir, "logs"),
                PolicyFile = Path.Combine(policyDir, "init.lua"),
                DnsServers = [new IPEndPoint(IPAddress.Loopback, 9)],
                Egress = new NodeEgressConfig
                {
                    Sources = sources,
                    Pools = new Dictionary<string, EgressPool> { ["wide"] = new("wide", [.. sources.Keys.Select(s => new EgressPoolEntry(s))]) },
                },
            });
            var replied = new ConcurrentDictionary<string, DateTimeOffset>();
            var system = ActorSystemOf(node);
            var listener = system.ActorOf(Props.Create(() => new ReplyListener(replied)));
            system.EventStream.Subscribe(listener, typeof(LogRecord));

            await node.Runtime.SubmitAsync(
                [.. Enumerable.Range(0, Sources).Select(i => new Delivery.InboundMessage("s@example.org", $"ts04+{i}@example.com",
                    "Subject: x\r\n\r\nx\r\n"u8.ToArray(), new Dictionary<string, System.Text.Json.Nodes.JsonNode?>(), "ESMTP"))],
                CancellationToken.None);

            var suspendedAt = new Dictionary<string, DateTimeOffset>();
            var deadline = Stopwatch.StartNew();
            while (suspendedAt.Count < Sources && deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                foreach (var path in replied.Keys.Where(p => !suspendedAt.ContainsKey(p)))
                {
                    if ((await node.Runtime.GetPathStateAsync(path)).SuspendedReason is not null)
                    {
                        suspendedAt[path] = DateTimeOffset.UtcNow;
                    }
                }
                await Task.Yield();
            }
            if (suspendedAt.Count < Sources)
            {
                throw new InvalidOperationException($"only {suspendedAt.Count} of {Sources} paths were suspended within 60 s");
            }
            return [.. suspendedAt.Select(kv => (kv.Value - replied[kv.Key]).TotalMilliseconds)];
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static ActorSystem ActorSystemOf(NodeHost node) => node.ActorSystem;

    private sealed class ReplyListener : ReceiveActor
    {
        public ReplyListener(ConcurrentDictionary<string, DateTimeOffset> replied) =>
            Receive<LogRecord>(r =>
            {
                if (r.Type == LogRecordType.TransientFailure && r.Response.Content.Contains("[TS04]"))
                {
                    replied.TryAdd(r.Site, r.EventTime);
                }
            });
    }
}
