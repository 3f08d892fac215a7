using BenchmarkDotNet.Attributes;

namespace Akka.Mta.Benchmarks;

/// <summary>
/// The disk's raw durable-write rate, the baseline for the spool: write 4 KB to a temp file and fsync,
/// in a loop. <see cref="Append"/> grows the file and calls fsync (each also commits the file-system
/// journal); <see cref="Overwrite"/> cycles through a preallocated 1 MB file and calls fdatasync, which is
/// what SQLite's WAL and PostgreSQL's WAL (wal_sync_method=fdatasync) do once their files exist. "Per second" is fsyncs per second; the spool at one writer does
/// at best half of it in messages (a store and a delete are two commits), and group commit lifts it above.
/// </summary>
[Config(typeof(SpoolBenchConfig))]
public class SpoolFsyncBaseline
{
    private const int Loops = 200;
    private const int Blocks = 256;
    private readonly byte[] _block = new byte[4096];
    private string _appendPath = "";
    private string _overwritePath = "";
    private FileStream? _append;
    private FileStream? _overwrite;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _appendPath = Path.Combine(Path.GetTempPath(), "akka-mta-fsync-append-" + Guid.NewGuid().ToString("N"));
        _overwritePath = Path.Combine(Path.GetTempPath(), "akka-mta-fsync-overwrite-" + Guid.NewGuid().ToString("N"));
        _append = new FileStream(_appendPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        _overwrite = new FileStream(_overwritePath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        for (var i = 0; i < Blocks; i++)
        {
            _overwrite.Write(_block);
        }
        _overwrite.Flush(flushToDisk: true);
    }

    [Benchmark(OperationsPerInvoke = Loops)]
    public void Append()
    {
        for (var i = 0; i < Loops; i++)
        {
            _append!.Write(_block);
            _append.Flush(flushToDisk: true);
        }
    }

    [Benchmark(OperationsPerInvoke = Loops)]
    public void Overwrite()
    {
        for (var i = 0; i < Loops; i++)
        {
            SpoolDiskProbe.WriteAndSync(_overwrite!, _block, _next++);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _append!.Dispose();
        _overwrite!.Dispose();
        File.Delete(_appendPath);
        File.Delete(_overwritePath);
    }
}
