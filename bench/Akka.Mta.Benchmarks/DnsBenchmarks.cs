using System.Net.Sockets;
using Akka.Mta.Dns;
using Akka.Mta.Dns.Mx;
using Akka.Mta.Dns.Protocol;
using Akka.Mta.Testing.Dns;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Akka.Mta.Benchmarks;

/// <summary>
/// A short in-process job: no separate build of the benchmark project, which times out on the
/// shared 2-core machine, and unbound started once per benchmark class.
/// </summary>
internal sealed class DnsBenchConfig : ManualConfig
{
    public DnsBenchConfig()
    {
        AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithStrategy(RunStrategy.Throughput)
            .WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(8).WithId("DnsShort"));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}

/// <summary>Zone data shared by the DNS benchmarks.</summary>
internal static class DnsBenchZone
{
    public static DnsZone Create() => new DnsZone()
        .Zone("bench.test")
        .Mx("bench.test", 10, "mx1.bench.test").Mx("bench.test", 10, "mx2.bench.test").Mx("bench.test", 20, "mx3.bench.test")
        .A("mx1.bench.test", "192.0.2.1").A("mx2.bench.test", "192.0.2.2").A("mx3.bench.test", "192.0.2.3")
        .Aaaa("mx1.bench.test", "2001:db8::1");
}

/// <summary>
/// Lookups answered from the cache: the path every delivery takes once a domain is warm.
/// Run: dotnet run -c Release --project bench/Akka.Mta.Benchmarks -- --filter '*Dns*'
/// </summary>
[Config(typeof(DnsBenchConfig))]
public class DnsCachedBenchmarks
{
    private UnboundServer _unbound = null!;
    private DnsResolver _resolver = null!;
    private MxResolver _mx = null!;
    private MxResolver _mxFromRecords = null!;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _unbound = await UnboundServer.StartAsync(DnsBenchZone.Create());
        _resolver = new DnsResolver(DnsResolverOptions.ForServers(_unbound.EndPoint));
        _mx = new MxResolver(_resolver);
        _mxFromRecords = new MxResolver(_resolver, cacheSize: 0);
        if ((await _mx.ResolveMxAsync("bench.test")).Outcome != MxOutcome.Hosts)
        {
            throw new InvalidOperationException("bench.test does not resolve");
        }
    }

    [Benchmark(Description = "cached A lookup")]
    public DnsLookupResult CachedLookup()
    {
        var lookup = _resolver.LookupAsync("mx1.bench.test", DnsRecordType.A);
        return lookup.IsCompletedSuccessfully ? lookup.Result : throw new InvalidOperationException("not answered from the cache");
    }

    [Benchmark(Description = "cached MX resolution")]
    public Task<MxResolution> CachedMxResolution() => _mx.ResolveMxAsync("bench.test");

    [Benchmark(Description = "MX resolution rebuilt from cached records (MX + A/AAAA of 3 hosts + site name)")]
    public Task<MxResolution> MxResolutionFromCachedRecords() => _mxFromRecords.ResolveMxAsync("bench.test");

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    private async Task CleanupAsync()
    {
        _resolver.Dispose();
        await _unbound.DisposeAsync();
    }
}

/// <summary>
/// Lookups that go to the local unbound every time, against the limit: a bare UDP socket sending
/// the same query and reading the answer.
/// </summary>
[Config(typeof(DnsBenchConfig))]
public class DnsUncachedBenchmarks
{
    private UnboundServer _unbound = null!;
    private DnsResolver _resolver = null!;
    private Socket _socket = null!;
    private byte[] _query = null!;
    private readonly byte[] _answer = new byte[1500];

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _unbound = await UnboundServer.StartAsync(DnsBenchZone.Create());
        _resolver = new DnsResolver(DnsResolverOptions.ForServers(_unbound.EndPoint) with { CacheSize = 0 });
        _socket = new Socket(_unbound.EndPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        await _socket.ConnectAsync(_unbound.EndPoint);
        _query = DnsQueryWriter.Build(0x4242, new DnsQuestion("mx1.bench.test", DnsRecordType.A), 1232);
        if ((await _resolver.LookupAsync("mx1.bench.test", DnsRecordType.A)).Status != DnsStatus.Ok)
        {
            throw new InvalidOperationException("mx1.bench.test does not resolve");
        }
    }

    [Benchmark(Baseline = true, Description = "raw UDP round trip (same query, one socket)")]
    public async Task<int> RawUdpRoundTrip()
    {
        await _socket.SendAsync(_query, SocketFlags.None);
        return await _socket.ReceiveAsync(_answer, SocketFlags.None);
    }

    [Benchmark(Description = "uncached A lookup through the resolver")]
    public async Task<DnsLookupResult> UncachedLookup() => await _resolver.LookupAsync("mx1.bench.test", DnsRecordType.A);

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    private async Task CleanupAsync()
    {
        _socket.Dispose();
        _resolver.Dispose();
        await _unbound.DisposeAsync();
    }
}
