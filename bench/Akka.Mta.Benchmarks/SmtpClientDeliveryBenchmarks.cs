using System.Text;
using Akka.Mta.Smtp.Client;
using Akka.Mta.Testing.Postfix;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace Akka.Mta.Benchmarks;

/// <summary>
/// Issue 7 bench (b): our SMTP client delivering 10 KB messages to postfix's smtp-sink over 32
/// connections, side by side with postfix's smtp-source (the C reference) against the same sink.
/// Times are per message: messages/s = 1 / mean. Each invocation opens 32 connections, sends
/// <see cref="Messages"/> messages over them (connections reused, as smtp-source -d does) and QUITs.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class SmtpClientDeliveryBenchmarks
{
    public const int Messages = 8000;
    public const int Connections = 32;
    public const int MessageBytes = 10 * 1024;

    private SmtpSinkProcess _sink = null!;
    private byte[] _message = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _sink = await SmtpSinkProcess.StartAsync();
        _message = TenKilobyteMessage();
    }

    [GlobalCleanup]
    public async Task Cleanup() => await _sink.DisposeAsync();

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages, Description = "smtp-source -d -s 32 (C reference)")]
    public async Task SmtpSource()
    {
        await using var source = ExternalProcess.Start("/usr/sbin/smtp-source",
        [
            "-d", "-s", Connections.ToString(), "-m", Messages.ToString(), "-l", (MessageBytes - 200).ToString(),
            "-f", "sender@example.org", "-t", "rcpt@example.net", "-M", "client.test",
            $"{_sink.EndPoint.Address}:{_sink.EndPoint.Port}",
        ]);
        var exit = await source.WaitForExitAsync(TimeSpan.FromMinutes(5), "smtp-source");
        if (exit != 0)
        {
            throw new InvalidOperationException($"smtp-source failed ({exit}): {source.Output}");
        }
    }

    [Benchmark(OperationsPerInvoke = Messages, Description = "Akka.Mta SmtpClient, 32 connections")]
    public async Task AkkaMtaClient()
    {
        var options = new SmtpClientOptions { Port = _sink.EndPoint.Port, EhloDomain = "client.test", EnableTls = SmtpTlsMode.Disabled };
        var envelope = new SmtpEnvelope("sender@example.org", "rcpt@example.net");
        var failures = await Task.WhenAll(Enumerable.Range(0, Connections).Select(async c =>
        {
            await using var client = await SmtpClient.ConnectAsync("smtp-sink.test", _sink.EndPoint.Address, options);
            var failed = 0;
            for (var i = c; i < Messages; i += Connections)
            {
                var result = await client.SendAsync(envelope, _message);
                failed += result.Recipients.Count - result.DeliveredCount;
            }
            await client.QuitAsync();
            return failed;
        }));
        if (failures.Sum() > 0)
        {
            throw new InvalidOperationException($"{failures.Sum()} of {Messages} messages were not accepted by smtp-sink");
        }
    }

    /// <summary>Headers and a body of printable lines, 10240 bytes in all.</summary>
    public static byte[] TenKilobyteMessage()
    {
        var builder = new StringBuilder("From: <sender@example.org>\r\nTo: <rcpt@example.net>\r\nSubject: delivery benchmark\r\nMessage-ID: <bench@client.test>\r\n\r\n");
        var line = new string('x', 76) + "\r\n";
        while (builder.Length + line.Length <= MessageBytes)
        {
            builder.Append(line);
        }
        builder.Append('y', MessageBytes - builder.Length - 2).Append("\r\n");
        return Encoding.ASCII.GetBytes(builder.ToString());
    }
}
