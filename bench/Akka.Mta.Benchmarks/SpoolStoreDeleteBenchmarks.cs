using System.Collections.Concurrent;
using Akka.Mta.Core;
using Akka.Mta.Persistence;
using Akka.Mta.Persistence.Postgres;
using Akka.Mta.Persistence.Spool;
using Akka.Mta.Persistence.Sqlite;
using Akka.Mta.Testing.Postgres;
using BenchmarkDotNet.Attributes;

namespace Akka.Mta.Benchmarks;

/// <summary>
/// Spool throughput with durability on: concurrent writers each store a message and delete it, every
/// call awaited until durable. "Per second" is messages (store + delete); "Msgs/commit" is how many
/// messages each group commit (one fsync) carried. Compare with <see cref="SpoolFsyncBaseline"/>.
/// </summary>
[Config(typeof(SpoolBenchConfig))]
public class SpoolStoreDeleteBenchmarks
{
    private const int Messages = 512;

    /// <summary>Messages per commit of each finished case, keyed like the parameters column.</summary>
    public static readonly ConcurrentDictionary<string, double> MessagesPerCommit = new();

    /// <summary>The disk's fdatasync rate measured just before each case, keyed the same way.</summary>
    public static readonly ConcurrentDictionary<string, double> DiskSyncsPerSecond = new();

    private static PostgresServer? _postgres;
    private IPersistenceStore? _store;
    private PostgresDatabase? _database;
    private string? _sqliteDir;
    private byte[] _body = [];

    [Params("sqlite", "postgres")]
    public string Provider { get; set; } = "sqlite";

    [Params(10 * 1024, 100 * 1024)]
    public int BodyBytes { get; set; }

    [Params(1, 16, 64)]
    public int Writers { get; set; }

    // BenchmarkDotNet's in-process toolchain does not await setup and cleanup: they block here.
    public static string Key(string provider, int bodyBytes, int writers) => $"{provider}/{bodyBytes}/{writers}";

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        DiskSyncsPerSecond[Key(Provider, BodyBytes, Writers)] = SpoolDiskProbe.FdatasyncsPerSecond(Path.GetTempPath());
        _body = new byte[BodyBytes];
        new Random(42).NextBytes(_body);
        if (Provider == "sqlite")
        {
            _sqliteDir = Path.Combine(Path.GetTempPath(), "akka-mta-spool-bench-" + Guid.NewGuid().ToString("N"));
            // SPOOL_BENCH_BODY_FILE_THRESHOLD and SPOOL_BENCH_WAL_AUTOCHECKPOINT override the store's defaults, to compare settings.
            var options = new SqliteStoreOptions(Path.Combine(_sqliteDir, "spool.db"));
            _store = await SqlitePersistence.OpenAsync(options with
            {
                BodyFileThreshold = long.TryParse(Environment.GetEnvironmentVariable("SPOOL_BENCH_BODY_FILE_THRESHOLD"), out var threshold)
                    ? threshold : options.BodyFileThreshold,
                WalAutocheckpointPages = int.TryParse(Environment.GetEnvironmentVariable("SPOOL_BENCH_WAL_AUTOCHECKPOINT"), out var pages)
                    ? pages : options.WalAutocheckpointPages,
            });
        }
        else
        {
            if (_postgres is null)
            {
                _postgres = await PostgresServer.StartAsync();
                var server = _postgres;
                AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            _database = await _postgres.CreateDatabaseAsync("bench");
            _store = await PostgresPersistence.OpenAsync(new PostgresStoreOptions(_database.ConnectionString));
        }
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    public Task StoreAndDelete() =>
        Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < Messages / Writers; i++)
            {
                var id = SpoolId.New(TimeProvider.System);
                await _store!.Spool.StoreAsync(new SpoolMessage(
                    id,
                    new SpoolEnvelope("bench@example.org", ["rcpt@example.com"]),
                    new SpoolSchedule("bench:tenant@example.com", DateTimeOffset.UnixEpoch, 0),
                    """{"tenant":"tenant"}""",
                    _body));
                await _store.Spool.DeleteAsync(id);
            }
        })));

    private async Task CleanupAsync()
    {
        var statistics = _store!.Statistics;
        MessagesPerCommit[Key(Provider, BodyBytes, Writers)] = statistics.Operations / 2.0 / statistics.Commits;
        Console.WriteLine($"// {Provider} {BodyBytes} B x {Writers} writers: {statistics.Commits} commits, {statistics.Operations} operations");
        await _store.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
        if (_sqliteDir is not null)
        {
            Directory.Delete(_sqliteDir, recursive: true);
        }
    }
}
