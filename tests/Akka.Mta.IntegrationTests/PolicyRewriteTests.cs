using System.Text;
using Akka.Mta.Core.Logging;
using Akka.Mta.Testing.SmtpServer;

namespace Akka.Mta.IntegrationTests;

/// <summary>
/// The probe that found issue 18: <c>init.lua</c> rewritten in place (<c>cat &gt; init.lua</c>: empty,
/// then half written, for a moment) again and again while mail to hundreds of new domains flows.
/// Every new domain is a new queue that asks the policy for its config (its <c>mx_list</c> to the
/// sink); one that got the defaults would look up MX records and bounce.
/// </summary>
public sealed class PolicyRewriteTests
{
    private const int Messages = 300;
    private const int MinRewrites = 30;

    /// <summary>How long the slow writer leaves the file empty, then half written. It shapes the input; nothing waits on it.</summary>
    private static readonly TimeSpan SlowWriterPause = TimeSpan.FromMilliseconds(30);

    [Fact]
    public async Task PolicyRewrittenInPlace_WhileMailFlows_BouncesNothing()
    {
        await using var sink = await SinkProcess.StartAsync();
        using var scenario = new Scenario(sink);
        await using var node = await scenario.StartNodeAsync();
        var policy = await File.ReadAllTextAsync(scenario.PolicyFile);
        // The first half registers the reception hooks but not get_queue_config / get_egress_path_config.
        var cut = policy.IndexOf("mta.on('get_queue_config'", StringComparison.Ordinal);
        Assert.True(cut > 0, "the scenario's policy has a get_queue_config handler");

        var sending = SendToNewDomainsAsync(node, Messages);
        var rewrites = 0;
        while (!sending.IsCompleted || rewrites < MinRewrites)
        {
            rewrites++;
            var content = policy + $"\n-- rewrite {rewrites}\n";
            await using var file = new FileStream(scenario.PolicyFile, FileMode.Truncate, FileAccess.Write, FileShare.ReadWrite);
            await file.FlushAsync();
            await Task.Delay(SlowWriterPause);
            await file.WriteAsync(Encoding.UTF8.GetBytes(content[..cut]));
            await file.FlushAsync();
            await Task.Delay(SlowWriterPause);
            await file.WriteAsync(Encoding.UTF8.GetBytes(content[cut..]));
        }
        await sending;

        // The sink takes everything: any bounce or temporary failure means a queue lost its config.
        static bool Failure(LogRecord r) => r.Type is LogRecordType.Bounce or LogRecordType.TransientFailure;
        await Eventually.HoldsAsync(() => scenario.Records() is var records && (records.Count(r => r.Type == LogRecordType.Delivery) >= Messages || records.Any(Failure)),
            $"{Messages} deliveries, or a failure", TimeSpan.FromSeconds(120));
        var failures = scenario.Records().Where(Failure).Select(r => $"{r.Type} {r.Recipient}: {r.Response.Code} {r.Response.Content}").ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} failed after {rewrites} rewrites, e.g. {string.Join("; ", failures.Take(3))}");
        Assert.Equal(Messages, scenario.Count(LogRecordType.Delivery));
        await Eventually.HoldsAsync(() => node.Output.Contains("loaded: epoch 2", StringComparison.Ordinal),
            "the watcher to load a rewritten policy (epoch 2)");
    }

    /// <summary>One message to each of <paramref name="count"/> new domains over one SMTP session (Python's smtplib).</summary>
    private static async Task SendToNewDomainsAsync(NodeProcess node, int count)
    {
        var script = $$"""
            import smtplib
            s = smtplib.SMTP('{{node.Smtp.Address}}', {{node.Smtp.Port}}, timeout=60)
            for i in range({{count}}):
                s.sendmail('sender@example.org', ['r-%d@d%d.flow' % (i, i)], 'Subject: %d\r\n\r\nbody\r\n' % i)
            s.quit()
            """;
        var result = await PeerProcess.RunAsync("/usr/bin/python3", ["-c", script], deadline: TimeSpan.FromSeconds(120));
        Assert.True(result.ExitCode == 0, result.All);
    }
}
