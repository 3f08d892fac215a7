using System.Text.Json.Nodes;
using Akka.Mta.Testing.Postfix;
using Akka.Mta.Testing.SmtpServer;

namespace Akka.Mta.IntegrationTests;

/// <summary>The durability guarantee: a message that got a 250 is delivered even when the node is killed with SIGKILL.</summary>
public sealed class CrashRecoveryTests
{
    [Fact]
    public async Task KillDashNine_UnderLoad_LosesNoAcknowledgedMessage()
    {
        await using var sink = await SinkProcess.StartAsync();
        using var scenario = new Scenario(sink);
        var node = await scenario.StartNodeAsync();
        // Each message goes to its own domain, so the sink's per-domain counts say which arrived.
        var script = $$"""
            import smtplib, sys
            try:
                s = smtplib.SMTP('{{node.Smtp.Address}}', {{node.Smtp.Port}}, timeout=30)
                for i in range(5000):
                    s.sendmail('sender@example.org', ['r@d%d.example' % i], 'Subject: %d\r\n\r\nbody\r\n' % i)
                    print('ok d%d.example' % i, flush=True)
            except Exception as e:
                print('stopped: %s' % e, flush=True)
            """;
        var sender = ExternalProcess.Start("/usr/bin/python3", ["-u", "-c", script]);
        List<string> acknowledged;
        try
        {
            await sender.WaitForLineAsync(l => l.StartsWith("ok ", StringComparison.Ordinal), AkkaMta.Deadline, "300 acknowledged messages", skip: 299);
            node.Kill();
            await sender.WaitForExitAsync(AkkaMta.Deadline, "the sender after the node died");
            acknowledged = sender.Lines.Where(l => l.StartsWith("ok ", StringComparison.Ordinal)).Select(l => l[3..]).ToList();
        }
        finally
        {
            await sender.DisposeAsync();
            await node.DisposeAsync();
        }
        Assert.InRange(acknowledged.Count, 300, 4999);

        await using var restarted = await scenario.StartNodeAsync();
        var missing = await Eventually.ValueAsync(async () =>
        {
            var byDomain = (await sink.StatsAsync())["by_domain"]!.AsObject();
            var left = acknowledged.Where(d => !byDomain.ContainsKey(d)).ToList();
            return left.Count == 0 ? left : null;
        }, $"all {acknowledged.Count} acknowledged messages at the sink", TimeSpan.FromSeconds(120));
        Assert.Empty(missing);
    }
}
