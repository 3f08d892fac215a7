using Akka.Mta.Core.Logging;
using Akka.Mta.Shaping.Automation;
using Akka.Mta.Tsa;
using BenchmarkDotNet.Attributes;

namespace Akka.Mta.Benchmarks;

/// <summary>
/// Log records through the TSA reducer with KumoMTA's default and community rule files loaded
/// (51 rules). Each invocation replays 10,000 records over one simulated hour from an empty state,
/// each record at its own time; the figure is per record.
/// <list type="bullet">
/// <item><c>MixedTraffic</c>: what a busy node logs: 80% deliveries, 15% transient failures no rule
/// matches, 5% provider replies that trigger rules (Yahoo TSS04, Comcast RL0000, Outlook "Server busy").</item>
/// <item><c>AllTriggering</c>: every record triggers (worst case: effects extended on every record).</item>
/// </list>
/// Run: dotnet run -c Release --project bench/Akka.Mta.Benchmarks -- --filter '*Tsa*'
/// </summary>
[Config(typeof(ShapingBenchConfig))]
public class TsaReducerBenchmarks
{
    private const int Records = 10_000;
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private TsaRuleSet _rules = null!;
    private LogRecord[] _mixed = null!;
    private LogRecord[] _triggering = null!;

    [GlobalSetup]
    public void Setup()
    {
        _rules = new TsaRuleSet(ShapingBenchData.Load());
        _mixed = Enumerable.Range(0, Records).Select(i => Make(i, (i % 100) switch
        {
            < 80 => Kind.Delivery,
            < 95 => Kind.OtherFailure,
            _ => Kind.Triggering,
        })).ToArray();
        _triggering = Enumerable.Range(0, Records).Select(i => Make(i, Kind.Triggering)).ToArray();
        var fired = Replay(_mixed);
        if (fired == 0)
        {
            throw new InvalidOperationException("the mixed traffic fired no rule: the benchmark data is wrong");
        }
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public int MixedTraffic() => Replay(_mixed);

    [Benchmark(OperationsPerInvoke = Records)]
    public int AllTriggering() => Replay(_triggering);

    private int Replay(LogRecord[] records)
    {
        var state = TsaState.Empty(_rules);
        var fired = 0;
        foreach (var record in records)
        {
            var (next, effects) = state.Apply(record, record.EventTime);
            state = next;
            fired += effects.Count;
        }
        return fired;
    }

    private enum Kind
    {
        Delivery,
        OtherFailure,
        Triggering,
    }

    private static readonly (string Domain, string Site, string Reply)[] Destinations =
    [
        ("yahoo.com", "(mta5|mta6|mta7).am0.yahoodns.net", "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1"),
        ("comcast.net", "(mx1a1|mx2c1).comcast.net", "421 4.2.0 mx.comcast.net comcast 192.0.2.1 Comcast block for spam. Please see http://postmaster.comcast.net/smtp-error-codes.php#RL000001"),
        ("hotmail.com", "hotmail-com.olc.protection.outlook.com", "451 4.7.500 Server busy. Please try again later from [192.0.2.1]. (S77719)"),
        ("gmail.com", "(alt1|alt2|alt3|alt4)?.gmail-smtp-in.l.google.com", "421 4.7.28 Gmail has detected an unusual rate of unsolicited mail"),
        ("small.example", "(mx1|mx2).small.example", "451 4.3.0 Mailbox temporarily unavailable"),
    ];

    private static LogRecord Make(int i, Kind kind)
    {
        var (domain, site, reply) = Destinations[i % Destinations.Length];
        var source = "ip-" + (i % 4);
        var response = kind switch
        {
            Kind.Delivery => "250 2.0.0 OK 1700000000 queued as 12345",
            Kind.OtherFailure => "451 4.3.0 Mailbox temporarily unavailable, try again later",
            _ => reply,
        };
        return new LogRecord
        {
            Type = kind == Kind.Delivery ? LogRecordType.Delivery : LogRecordType.TransientFailure,
            Id = i.ToString("x32", System.Globalization.CultureInfo.InvariantCulture),
            Sender = "bounce@sender.example",
            Recipient = $"user{i}@{domain}",
            Queue = $"tenant{i % 3}@{domain}",
            Site = $"{source}->{site}@smtp_client",
            Response = LogResponse.From(ResponseLine.Parse(response)),
            EventTime = Start.AddSeconds(i * 3600.0 / Records),
            CreatedTime = Start,
            EgressSource = source,
        };
    }
}
